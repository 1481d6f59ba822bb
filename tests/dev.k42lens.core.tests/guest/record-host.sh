#!/usr/bin/env bash
# Records the expectations of host-cases.tsv: cases qemu-user cannot run (an execve of a ppc64
# program would need the host to run it). Each program is compiled for this machine with the host's
# gcc from the same source and run on the real Linux kernel under the same rules as record-qemu.sh
# (from this directory, empty environment plus the case's assignments, stdin from the case's file):
#   expected-host/<program>.<case>.out and .status, one set for all four flavours.
# Needs: gcc.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf expected-host && mkdir expected-host
n=0
while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    # Split on single tabs by hand: read with IFS=tab would merge empty fields.
    prog=${line%%$'\t'*}; rest=${line#*$'\t'}
    args=${rest%%$'\t'*}; rest=${rest#*$'\t'}
    stdin=${rest%%$'\t'*}; envs=${rest#*$'\t'}
    [ -x "$work/$prog" ] || gcc -std=gnu11 -O2 -Wall -o "$work/$prog" "src/$prog.c" -lm
    read -r -a argv <<<"$args"
    envv=()
    [ "$envs" != "-" ] && read -r -a envv <<<"$envs"
    [ "$stdin" = "-" ] && stdin=/dev/null
    set +e
    setsid -w env -i "${envv[@]}" "$work/$prog" "${argv[@]}" <"$stdin" >"expected-host/$prog.$n.out"
    echo $? >"expected-host/$prog.$n.status"
    set -e
    printf '%3d %-8s status=%s\n' "$n" "$prog" "$(cat "expected-host/$prog.$n.status")"
done <host-cases.tsv
