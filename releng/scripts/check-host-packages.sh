#!/usr/bin/env bash
# check-host-packages.sh LOG... -- PACKAGE...
# Fails unless every host file named in the LOG files (written by the tests: every host file a
# guest reached, see the system property k42lens.hostFileLog) belongs to one of the Debian
# PACKAGEs that ./test installs. A file outside the checkout and the temporary directory that no
# package owns, or one whose package is not in the list, is named with its package: on a fresh
# machine that file would be missing and a guest would fail for a reason far from its cause.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
logs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do logs+=("$1"); shift; done
[ "${1:-}" = -- ] || k42_die "usage: check-host-packages.sh LOG... -- PACKAGE..."
shift
declare -A allowed=()
for p in "$@"; do allowed[${p%%:*}]=1; done
tmp=$(readlink -f "${TMPDIR:-/tmp}")
files=0
problems=()
declare -A seen=()
for log in "${logs[@]}"; do
  [ -f "$log" ] || continue
  while IFS= read -r file; do
    [ -n "$file" ] && [ -z "${seen[$file]:-}" ] || continue
    seen[$file]=1
    case "$file" in "$K42_ROOT"/*|"$tmp"/*|/tmp/*) continue ;; esac
    files=$((files + 1))
    # dpkg -S knows the path as the package shipped it; a file reached through a merged-/usr or
    # symlinked directory is looked up by its real path as well
    owner=$(dpkg -S "$file" 2>/dev/null || dpkg -S "$(readlink -f "$file")" 2>/dev/null || true)
    package=${owner%%:*}
    package=${package%%,*}
    if [ -z "$owner" ]; then
      problems+=("$file: no Debian package owns it (installed by hand?)")
    elif [ -z "${allowed[$package]:-}" ]; then
      problems+=("$file: from package $package, which ./test does not install")
    fi
  done <"$log"
done
# the dynamically linked guest programs always load the sysroot's loader and libc: none means the log is broken
[ "$files" -gt 0 ] || problems+=("no host file logged in ${logs[*]}: did the tests run with -Dk42lens.hostFileLog?")
if [ ${#problems[@]} -gt 0 ]; then
  printf 'k42lens: the tests loaded host files that a fresh machine would not have:\n' >&2
  printf '  %s\n' "${problems[@]}" >&2
  exit 1
fi
k42_say "host files the guests loaded: $files, all from packages ./test installs"
