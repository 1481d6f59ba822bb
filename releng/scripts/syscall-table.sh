#!/usr/bin/env bash
# syscall-table.sh — writes `./k42lens syscalls` (what the engine does with each ppc64 system call)
# into README.md between the syscall-table markers. SyscallCompatibilityTest fails while the
# README's table differs from the engine's.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
readme="$K42_ROOT/README.md"
table=$(mktemp)
trap 'rm -f "$table"' EXIT
"$K42_ROOT/k42lens" syscalls >"$table"
grep -q '^<!-- syscall-table:begin -->$' "$readme" && grep -q '^<!-- syscall-table:end -->$' "$readme" \
  || k42_die "README.md has no <!-- syscall-table:begin --> / <!-- syscall-table:end --> lines"
awk -v table="$table" '
  /^<!-- syscall-table:begin -->$/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /^<!-- syscall-table:end -->$/ { skip = 0 }
  !skip' "$readme" >"$readme.new"
mv "$readme.new" "$readme"
k42_say "README.md: $(head -1 "$table")"
