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
