#!/usr/bin/env bash
# Runs every case of cases.tsv under qemu-user (-cpu power10) for the four flavours and the
# compiler matrix (bin/matrix/*, `make matrix`) and records
#   expected/<flavour>/<program>.<case>.out     (stdout)
#   expected/<flavour>/<program>.<case>.status  (exit status, one line)
# where a matrix flavour is e.g. matrix/le-O3-power10.
# <case> is the 1-based line number of the case in cases.tsv.
# Each case runs from this directory with an empty environment plus the case's
# assignments, and with stdin from the case's file (or /dev/null for "-").
# Afterwards it checks that all flavours agree on stdout and status;
# exits 1 if any case differs.
# Needs: qemu-user (qemu-ppc64, qemu-ppc64le) and the Debian cross sysroots
# /usr/powerpc64-linux-gnu and /usr/powerpc64le-linux-gnu (for the dynamic flavours).
set -u
cd "$(dirname "$0")"

FLAVOURS="be-static be-dynamic le-static le-dynamic $(cd bin && ls -d matrix/* 2>/dev/null | sort | tr '\n' ' ')"
QEMU_BE="${QEMU_BE:-qemu-ppc64}"
QEMU_LE="${QEMU_LE:-qemu-ppc64le}"
SYSROOT_BE="${SYSROOT_BE:-/usr/powerpc64-linux-gnu}"
SYSROOT_LE="${SYSROOT_LE:-/usr/powerpc64le-linux-gnu}"
TIMEOUT="${TIMEOUT:-120}"

# Resolve tools to absolute paths: the cases run with an empty environment (no PATH).
for tool in QEMU_BE QEMU_LE; do
    path=$(command -v "${!tool}") || { echo "${!tool} not found (install qemu-user)" >&2; exit 2; }
    printf -v "$tool" '%s' "$path"
done
TIMEOUT_BIN=$(command -v timeout) || { echo "timeout (coreutils) not found" >&2; exit 2; }

run_case() { # flavour program args stdin env
    local flavour=$1 prog=$2 args=$3 stdin=$4 envs=$5
    local -a qemu
    case $flavour in
        be-* | matrix/be-*) qemu=("$QEMU_BE" -cpu power10 -L "$SYSROOT_BE") ;;
        le-* | matrix/le-*) qemu=("$QEMU_LE" -cpu power10 -L "$SYSROOT_LE") ;;
    esac
    local -a argv=() envv=()
    [ "$args" != "" ] && read -r -a argv <<<"$args"
    [ "$envs" != "-" ] && [ "$envs" != "" ] && read -r -a envv <<<"$envs"
    [ "$stdin" = "-" ] && stdin=/dev/null
    # setsid: a session of its own without a controlling terminal, as the engine runs a program
    setsid -w env -i "${envv[@]}" "$TIMEOUT_BIN" "$TIMEOUT" "${qemu[@]}" "bin/$flavour/$prog" "${argv[@]}" <"$stdin"
}

rm -rf expected
for f in $FLAVOURS; do mkdir -p "expected/$f"; done

n=0
declare -a names
while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    # Split on single tabs by hand: read with IFS=tab would merge empty fields.
    prog=${line%%$'\t'*}; rest=${line#*$'\t'}
    args=${rest%%$'\t'*}; rest=${rest#*$'\t'}
    stdin=${rest%%$'\t'*}; envs=${rest#*$'\t'}
    tabs=${line//[^$'\t']/}
    if [ "${#tabs}" -ne 3 ]; then
        echo "cases.tsv line $n: expected 4 tab-separated fields" >&2
        exit 2
    fi
    names[$n]="$prog.$n"
    for f in $FLAVOURS; do
        if [ ! -x "bin/$f/$prog" ]; then
            echo "missing bin/$f/$prog (run make first)" >&2
            exit 2
        fi
        out="expected/$f/$prog.$n"
        run_case "$f" "$prog" "$args" "$stdin" "$envs" >"$out.out" 2>"$out.err"
        echo $? >"$out.status"
        if [ -s "$out.err" ]; then
            echo "note: $f case $n ($prog) wrote to stderr:" >&2
            sed 's/^/    /' "$out.err" >&2
        fi
        rm -f "$out.err"
    done
    printf '%3d %-8s status=%s\n' "$n" "$prog" "$(cat "expected/be-static/$prog.$n.status")"
done <cases.tsv

# A matrix flavour is compared with the big-endian POWER8 build at its optimisation level: a
# program may print other digits at -O0 (gcc fuses a*b+c into fma only when optimising).
reference_of() {
    case $1 in
        matrix/*) local level=${1#matrix/?e-}; echo "matrix/be-${level%%-*}-power8" ;;
        *) echo be-static ;;
    esac
}
diffs=0
for i in $(seq 1 "$n"); do
    base=${names[$i]}
    for f in $FLAVOURS; do
        reference=$(reference_of "$f")
        for ext in out status; do
            if ! cmp -s "expected/$reference/$base.$ext" "expected/$f/$base.$ext"; then
                echo "DIFFERENCE: $base.$ext $reference vs $f" >&2
                diff "expected/$reference/$base.$ext" "expected/$f/$base.$ext" | head -20 >&2
                diffs=$((diffs + 1))
            fi
        done
    done
done
if [ "$diffs" -eq 0 ]; then
    echo "recorded $n cases x $(echo $FLAVOURS | wc -w) flavours; all flavours agree"
else
    echo "recorded $n cases x $(echo $FLAVOURS | wc -w) flavours; $diffs differences" >&2
    exit 1
fi
