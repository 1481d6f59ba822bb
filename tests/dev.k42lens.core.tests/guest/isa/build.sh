#!/usr/bin/env bash
# Rebuilds the per-instruction differential test (isa-be, isa-le) and records qemu-user's answers.
# Needs: a JDK >= 21, gcc-powerpc64-linux-gnu, gcc-powerpc64le-linux-gnu, qemu-user.
# 1. IsaCaseGenerator writes isa-cases.S/.txt from the engine's instruction table (3 cases a row);
# 2. rows the assembler refuses are left out and the generator runs again;
# 3. both byte orders are built freestanding, and qemu -cpu power10 records expected-{be,le}.bin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
. "$root/releng/scripts/common.sh"
k42_find_jdk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$root/bundles/dev.k42lens.core/src/dev/k42lens/core/cpu/isa" "$root/bundles/dev.k42lens.core/src/dev/k42lens/core/mem" "$here/../../src/dev/k42lens/core/cpu/IsaCaseGenerator.java" \
  -name '*.java' > "$work/sources"
"$JAVA_HOME/bin/javac" -nowarn -d "$work/classes" @"$work/sources"

SEED=20261127
FLAGS="-O1 -nostdlib -static -no-pie -ffreestanding -fno-asynchronous-unwind-tables -Wa,-mpower10 -Wa,-many \
  -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 -Wl,-z,common-page-size=0x1000"
excluded=()
for attempt in 1 2 3 4 5 6; do
  "$JAVA_HOME/bin/java" -cp "$work/classes" dev.k42lens.core.cpu.IsaCaseGenerator "$here" "$SEED" "${excluded[@]}"
  refused=()
  for cc in powerpc64-linux-gnu-gcc powerpc64le-linux-gnu-gcc; do
    if ! $cc $FLAGS -c -o "$work/probe.o" "$here/isa-cases.S" 2>"$work/as.log"; then
      while read -r line; do
        refused+=("$(sed -n "1,${line}p" "$here/isa-cases.S" | grep '# case ' | tail -1 | sed 's/.*: \([^ ]*\).*/\1/')")
      done < <(grep -oE 'isa-cases.S:[0-9]+' "$work/as.log" | cut -d: -f2 | sort -un)
    fi
  done
  [ ${#refused[@]} -eq 0 ] && break
  mapfile -t refused < <(printf '%s\n' "${refused[@]}" | sort -u)
  echo "the assembler refuses: ${refused[*]}"
  excluded+=("${refused[@]}")
done
powerpc64-linux-gnu-gcc $FLAGS -o "$here/isa-be" "$here/isa.c" "$here/isa-cases.S"
powerpc64le-linux-gnu-gcc $FLAGS -o "$here/isa-le" "$here/isa.c" "$here/isa-cases.S"
qemu-ppc64 -cpu power10 "$here/isa-be" > "$here/expected-be.bin"
qemu-ppc64le -cpu power10 "$here/isa-le" > "$here/expected-le.bin"
echo "$(wc -l < "$here/isa-cases.txt") cases; left out: ${excluded[*]:-none}"
