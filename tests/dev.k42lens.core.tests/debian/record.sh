#!/usr/bin/env bash
# record.sh [NAME...] — records expected/NAME.out and expected/NAME.status for the command lines of
# commands.tsv (all of them, or the named ones), each in a fresh copy of fixtures/ with stdin empty:
#   qemu lines run the command's program under qemu-user (qemu-ppc64le -L ROOT -0 PROGRAM), where
#        ROOT is a copy of .cache/debian-root whose absolute symbolic links are made relative
#        (qemu-user resolves links on the host, the engine inside the guest root);
#   host lines run `sh -c COMMAND` (dash) on this x86-64 Debian 12 host, whose tools must be the
#        Debian 12 versions of the guest's: apt-get install busybox python3.11 perl lua5.4 sqlite3
#        gzip xz-utils bzip2 zstd openssl gawk sed grep jq bc tar cpio findutils diffutils;
#   busybox lines run `busybox sh -c COMMAND` on this host (its applets, then coreutils 9.1).
# Needs .cache/debian-root (releng/scripts/debian-guest-root.sh) and qemu-user.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../../releng/scripts/common.sh"
root=$(cd "$here/../../../.cache/debian-root" && pwd)
command -v busybox >/dev/null || { echo "needs the busybox package on the host" >&2; exit 2; }
qemu=$(command -v qemu-ppc64le) || { echo "needs qemu-user (qemu-ppc64le)" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
qroot="$scratch/root"
k42_qemu_root "$root" "$qroot"

mkdir -p "$here/expected"
n=0
while IFS=$'\t' read -r name how command; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx -- "$name"; then
    continue
  fi
  work="$scratch/work"
  rm -rf "$work" && cp -a "$here/fixtures" "$work"
  out="$here/expected/$name"
  set +e
  case "$how" in
    qemu)
      program=${command%% *}
      path=$(cd "$qroot" && for d in usr/bin bin usr/sbin sbin; do [ -e "$d/$program" ] && { echo "/$d/$program"; break; }; done)
      [ -n "$path" ] || { echo "$name: no $program in the guest root" >&2; exit 2; }
      (cd "$work" && env -i PATH=/bin:/usr/bin bash -c "exec $qemu -L '$qroot' -0 '$program' '$qroot$path'${command#"$program"}" \
        </dev/null >"$out.out" 2>/dev/null)
      ;;
    host)
      (cd "$work" && env -i PATH=/bin:/usr/bin dash -c "$command" </dev/null >"$out.out" 2>/dev/null)
      ;;
    busybox)
      (cd "$work" && env -i PATH=/bin:/usr/bin busybox sh -c "$command" </dev/null >"$out.out" 2>/dev/null)
      ;;
    *) echo "$name: unknown recorder '$how' (qemu, host or busybox)" >&2; exit 2 ;;
  esac
  echo $? >"$out.status"
  set -e
  n=$((n + 1))
done <"$here/commands.tsv"
echo "recorded $n command lines"
