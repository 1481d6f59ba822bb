#!/usr/bin/env bash
# bench/build.sh [MAKE-ARGS...] — rebuilds the benchmark binaries in bench/bin (`make -C bench`),
# first installing the ppc64 C and C++ cross compilers when they are missing.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../releng/scripts/common.sh"
k42_ensure_packages make gcc-powerpc64-linux-gnu g++-powerpc64-linux-gnu gcc-powerpc64le-linux-gnu g++-powerpc64le-linux-gnu
make -C "$K42_ROOT/bench" "$@"
