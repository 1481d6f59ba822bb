#!/usr/bin/env bash
# Records what a real Linux prints for commands.tsv: this host's busybox sh (busybox 1.35, as in
# Debian 12's ppc64el busybox-static) with the host's coreutils 9.1 at /usr/bin.
set -euo pipefail
cd "$(dirname "$0")"
command -v busybox >/dev/null || { echo "needs the busybox package on the host" >&2; exit 2; }
rm -rf expected && mkdir expected
while IFS=$'\t' read -r name command; do
  case "$name" in ''|'#'*) continue ;; esac
  work=$(mktemp -d)
  set +e
  (cd "$work" && env -i PATH=/bin:/usr/bin busybox sh -c "$command" </dev/null >"$OLDPWD/expected/$name.out" 2>/dev/null)
  echo $? >"expected/$name.status"
  set -e
  rm -rf "$work"
done < commands.tsv
echo "recorded $(ls expected/*.out | wc -l) command lines"
