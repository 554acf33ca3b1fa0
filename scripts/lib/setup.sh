#!/usr/bin/env bash
# Shared by scripts/run, scripts/test and scripts/bench: installs the Debian
# packages gicsim needs (apt-get update first, only when one is missing),
# then configures and builds the project in build/ (incremental).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PACKAGES=(build-essential cmake pkg-config libsystemc-dev googletest libgtest-dev
          libbenchmark-dev nlohmann-json3-dev libcli11-dev python3 python3-pytest
          python3-matplotlib python3-numpy python3-scipy python3-distributed python3-tqdm
          libunicorn-dev libelf-dev gcc-aarch64-linux-gnu qemu-system-arm)
[ "${GICSIM_WITH_CLANG:-0}" = 1 ] && PACKAGES+=(clang libclang-rt-14-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "gicsim setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "gicsim setup: run as root to install ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# build_tree DIR [cmake options...]: configure once, then build incrementally.
build_tree() {
  local dir="$1"; shift
  if [ ! -f "$ROOT/$dir/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$ROOT/$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  fi
  if [ "$dir" = build-fuzz ]; then
    cmake --build "$ROOT/$dir" -j"$(nproc)" --target fuzz_mmio fuzz_sysreg fuzz_text fuzz_hyp fuzz_config fuzz_its \
      -- --no-print-directory >/dev/null
  else
    cmake --build "$ROOT/$dir" -j"$(nproc)" -- --no-print-directory >/dev/null
  fi
}

# build_main: the main tree, build/, compiled with GCC's profile-guided
# optimisation (CMakeLists.txt, GICSIM_PGO): an instrumented gicsim in
# build-pgo/ runs a short training (the main job on GICv3 and GICv2 hosts,
# with LPIs, and the micro-benchmarks) whenever it was rebuilt, and build/
# compiles with those profiles. The results are the same with or without
# (only the speed differs); GICSIM_PGO=0 in the environment, or another
# compiler than GCC, builds build/ plainly.
build_main() {
  local cxx="${CXX:-c++}"
  if [ "${GICSIM_PGO:-1}" = 0 ] || ! "$cxx" --version 2>/dev/null | grep -q "Free Software Foundation"; then
    if grep -q '^GICSIM_PGO:STRING=use$' "$ROOT/build/CMakeCache.txt" 2>/dev/null; then
      cmake -S "$ROOT" -B "$ROOT/build" -DGICSIM_PGO= >/dev/null
    fi
    build_tree build
    return
  fi
  local gen="$ROOT/build-pgo" prof="$ROOT/build-pgo/profile"
  if [ ! -f "$gen/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$gen" -DCMAKE_BUILD_TYPE=Release -DGICSIM_BENCH=OFF \
      -DGICSIM_PGO=generate -DGICSIM_PGO_DIR="$prof" >/dev/null
  fi
  cmake --build "$gen" -j"$(nproc)" --target gicsim -- --no-print-directory >/dev/null
  if [ ! -f "$prof/trained" ] || [ "$gen/gicsim" -nt "$prof/trained" ]; then
    rm -rf "$prof"
    mkdir -p "$prof"
    local cfg
    for cfg in '{"run": {"duration_ms": 300, "progress": false}}' \
               '{"gic": {"version": 2}, "run": {"duration_ms": 100, "progress": false}}' \
               '{"gic": {"lpi_bits": 16, "its": true}, "run": {"duration_ms": 100, "progress": false},
                 "workload": {"msi_devices": [{"device_id": 1, "queues": 2, "rate_hz": 20000, "vm": 0},
                                              {"device_id": 2, "queues": 2, "rate_hz": 20000}]}}'; do
      printf '%s\n' "$cfg" > "$prof/train.json"
      "$gen/gicsim" --config "$prof/train.json" >/dev/null &&
        "$gen/gicsim" --config "$prof/train.json" --micro-bench >/dev/null ||
        { echo "gicsim setup: the profile training run failed ($prof/train.json)" >&2; exit 1; }
    done
    touch "$prof/trained"
  fi
  if ! grep -q '^GICSIM_PGO:STRING=use$' "$ROOT/build/CMakeCache.txt" 2>/dev/null; then
    cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release -DGICSIM_PGO=use \
      -DGICSIM_PGO_DIR="$prof" >/dev/null
  fi
  build_tree build
}
