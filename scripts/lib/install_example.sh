#!/usr/bin/env bash
# Installs the built gicsim into a temporary prefix, then builds the
# standalone example platform (examples/soc_platform) against the installed
# package with g++ and with clang++ (CMake find_package), and once with
# pkg-config, and runs each: the example checks its own results.
# Last, a platform that adds the source tree with add_subdirectory (the
# libraries only) builds the same example.
# Usage: install_example.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1" src="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
test -f "$tmp/prefix/include/gicsim/gic_module.h"
for cxx in g++ clang++; do
  if ! command -v "$cxx" >/dev/null; then
    echo "install_example: $cxx not installed (scripts/test installs clang)" >&2
    exit 1
  fi
  cmake -S "$src/examples/soc_platform" -B "$tmp/build-$cxx" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$tmp/build-$cxx" -j2 >/dev/null
  echo "== soc_platform built with $cxx (find_package) =="
  "$tmp/build-$cxx/soc_platform"
done
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
# shellcheck disable=SC2046
g++ -o "$tmp/soc_pc" "$src/examples/soc_platform/soc_platform.cpp" $(pkg-config --cflags --libs gicsim)
echo "== soc_platform built with pkg-config =="
"$tmp/soc_pc"
mkdir -p "$tmp/sub"
cat > "$tmp/sub/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(platform_with_gicsim_inside CXX)
set(CMAKE_CXX_STANDARD 17)
add_subdirectory("$src" gicsim)
add_executable(soc_platform "$src/examples/soc_platform/soc_platform.cpp")
target_link_libraries(soc_platform PRIVATE gicsim::gic)
CMAKE
cmake -S "$tmp/sub" -B "$tmp/sub/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/sub/build" -j2 >/dev/null
echo "== soc_platform built with add_subdirectory =="
"$tmp/sub/build/soc_platform"
