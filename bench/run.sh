#!/usr/bin/env bash
# bench/run.sh — the engine against qemu-user on the same programs in one run, alternately.
#   bench/run.sh [--reps N] [--scale F] [--orders "be le"] [--programs "NAME..."]
#                [--categories "cpu syscall real"] [--keep-going] [--trace] [--list] [NAME...]
# Three categories of programs (`--list` shows them all with what they exercise):
#   cpu      our own CPU-bound programs (bench/src, binaries in bench/bin/ORDER), both byte orders,
#            statically linked; NAME-dyn is the same program dynamically linked against the cross
#            sysroot (qemu-user -L /usr/powerpc64{,le}-linux-gnu, the engine --sysroot the same);
#   syscall  our own programs that mostly make system calls, switch threads or processes;
#   real     Debian 12's unmodified ppc64el programs (compressors, interpreters, a database, jq)
#            on inputs this script generates (bench/real), little-endian only, in the guest root
#            releng/scripts/debian-guest-root.sh unpacks (qemu-user runs a copy of it with
#            relative links).
# For each byte order and program: N times (default 3) the engine (`./k42lens run --stats`, a fresh
# JVM each time: whole-process wall time, JVM start included) then qemu-user; every engine run's
# stdout and exit status must equal qemu's (with --keep-going a difference marks the row
# "fails" and the run goes on, exiting 1 at the end). Prints a Markdown table of medians and
# ratios with the engine's guest instructions per second and the share it ran translated (from
# --stats, last repetition), then per byte order and category the geometric mean of the ratios and
# the worst ratio, and the worst ratio of all; with --trace the same engine runs recording the full
# dispatch trace. Programs are chosen by --programs or NAME arguments, --categories and --orders.
# --scale multiplies each own program's work (1 = sized to run roughly 1-3 s under qemu-user; the
# real programs' inputs are fixed).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../releng/scripts/common.sh"

# NAME CATEGORY WHAT (own programs: bench/src/NAME.c or .cpp; NAME-dyn: the same, dynamically linked)
own_programs='
sieve cpu prime sieve: byte loads and stores, branches
hash cpu FNV-1a and multiply-xorshift over 1 MiB: 64-bit multiplies
sha2 cpu SHA-256, a SHA-512-shaped and a BLAKE2b-shaped compression: 32/64-bit rotates
crc cpu CRC-32 by table, CRC-32C by bit, popcount, bit reversal, Morton codes: bit twiddling
matmul cpu double 200x200 matrix products: dense double multiply-add
floats cpu float matrix product, Jacobi stencil, polynomial/division: dense single precision
nbody cpu 64-body gravity: double sqrt, division, multiply-add
sparse cpu CSR conjugate gradients (double) and power iteration (float): sparse gathers
vector cpu -O3 -mcpu=power9 loops gcc vectorises (float, int32/16/8, int64, double): VSX
sort cpu libc qsort of 64-bit keys: comparison callbacks
search cpu libc qsort of records (strcmp callback) and bsearch look-ups: callbacks into libc
strings cpu snprintf, strtol, strstr, memcpy, strcmp in a loop: libc string calls
memstr cpu memcpy/memmove/memset/memcmp/strlen/strcmp/strchr/strcpy at all alignments
format cpu printf of integers and doubles (%f %e %g %.17g), strtod/strtol/sscanf back
interp cpu a bytecode interpreter with switch dispatch: indirect jumps
lists cpu binary search tree, linked lists, pointer-chasing cycle: malloc/free, dependent loads
recurse cpu Fibonacci, Ackermann, N-queens, a recursive descent parser: deep calls and returns
virtual cpu C++ virtual calls through vtables, visitor, std::sort with a lambda
except cpu C++ exceptions thrown through several frames, rethrown, destructors unwound
search-dyn cpu search, dynamically linked
memstr-dyn cpu memstr, dynamically linked
format-dyn cpu format, dynamically linked
virtual-dyn cpu virtual, dynamically linked (libstdc++.so)
except-dyn cpu except, dynamically linked (libstdc++.so, libgcc_s unwinder)
syscalls syscall getppid and 1-byte writes to /dev/null: the system-call path
fileio syscall open/pwrite/pread/fstat/rename/readdir/unlink in a scratch directory
futex syscall two threads handing a token over through a mutex and condition variables
pipes syscall two processes bouncing a byte through two pipes
'
# NAME GUEST-COMMAND (real programs, run in a directory holding bench/real/* and the generated
# corpus.txt and records.json)
real_programs='
gzip /bin/gzip -9 -c corpus.txt
xz /usr/bin/xz -3 -T1 -c corpus.txt
bzip2 /bin/bzip2 -9 -c corpus.txt
zstd /usr/bin/zstd -q -12 -c corpus.txt
python3 /usr/bin/python3.11 words.py corpus.txt
perl /usr/bin/perl words.pl corpus.txt
lua /usr/bin/lua5.4 tables.lua corpus.txt
gawk /usr/bin/gawk -f fields.awk corpus.txt
sqlite3 /usr/bin/sqlite3 -batch -init query.sql :memory: .quit
jq /usr/bin/jq -c -f filter.jq records.json
bc /usr/bin/bc -lq pi.bc
'
category_of() {   # NAME -> cpu, syscall or real (nothing when unknown)
  local name=$1
  printf '%s\n' "$own_programs" | awk -v n="$name" '$1 == n { print $2 }'
  printf '%s\n' "$real_programs" | awk -v n="$name" '$1 == n { print "real" }'
}
list_programs() {
  printf '%-12s %-8s %-6s %s\n' NAME CATEGORY ORDERS WHAT
  printf '%s\n' "$own_programs" | awk 'NF { name = $1; cat = $2; $1 = $2 = ""; sub(/^ +/, ""); printf "%-12s %-8s %-6s %s\n", name, cat, "be le", $0 }'
  printf '%s\n' "$real_programs" | awk 'NF { name = $1; $1 = ""; sub(/^ +/, ""); printf "%-12s %-8s %-6s %s\n", name, "real", "le", $0 }'
}

reps=3 scale=1 orders="be le" trace=0 keep_going=0 programs="" categories="cpu syscall real"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=${2:?--reps needs a number}; shift 2 ;;
    --scale) scale=${2:?--scale needs a number}; shift 2 ;;
    --orders) orders=${2:?--orders needs be, le or both}; shift 2 ;;
    --programs) programs="$programs ${2:?--programs needs names}"; shift 2 ;;
    --categories) categories=${2:?--categories needs cpu, syscall or real}; shift 2 ;;
    --keep-going) keep_going=1; shift ;;
    --trace) trace=1; shift ;;
    --list) list_programs; exit 0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) k42_die "unknown option '$1' (try bench/run.sh --help)" ;;
    *) programs="$programs $1"; shift ;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || k42_die "--reps wants a positive whole number, not '$reps'"
for order in $orders; do
  [ "$order" = be ] || [ "$order" = le ] || k42_die "--orders wants be and/or le, not '$order'"
done
for category in $categories; do
  case "$category" in cpu|syscall|real) ;; *) k42_die "--categories wants cpu, syscall and/or real, not '$category'" ;; esac
done
if [ -z "${programs// /}" ]; then
  programs=$( { printf '%s\n' "$own_programs"; printf '%s\n' "$real_programs"; } | awk 'NF { print $1 }' | tr '\n' ' ')
else
  for program in $programs; do
    [ -n "$(category_of "$program")" ] || k42_die "no benchmark program '$program' (bench/run.sh --list)"
  done
fi
selected=""
for program in $programs; do
  category=$(category_of "$program")
  [[ " $categories " == *" $category "* ]] || continue
  [ "$category" = real ] && [[ " $orders " != *" le "* ]] && continue   # the real programs are le only
  selected="$selected $program"
done
[ -n "$selected" ] || k42_die "no program left to run (programs: ${programs# }; categories: $categories; orders: $orders; the real programs are le only)"

# qemu-user, and the cross sysroots' libraries the -dyn programs load (glibc, libstdc++, libgcc_s)
k42_ensure_packages qemu-user libc6-ppc64-cross libc6-ppc64el-cross libstdc++6-ppc64-cross libstdc++6-ppc64el-cross \
  libgcc-s1-ppc64-cross libgcc-s1-ppc64el-cross
k42_find_jdk
bench="$K42_ROOT/bench"
"$K42_ROOT/k42lens" --version >/dev/null   # compiles the engine now, not inside the first measurement
work=$(mktemp -d /tmp/k42lens-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/run"

# The real programs' guest root, qemu-user's copy of it and their inputs, when any of them runs.
root="$K42_ROOT/.cache/debian-root" qemu_root="$work/qemu-root" real_dir="$work/real"
for program in $selected; do
  if [ "$(category_of "$program")" = real ]; then
    "$K42_ROOT/releng/scripts/debian-guest-root.sh"
    k42_qemu_root "$root" "$qemu_root"
    mkdir "$real_dir"
    cp "$bench"/real/* "$real_dir"/
    awk -v what=corpus -f "$bench/real/generate.awk" >"$real_dir/corpus.txt"
    awk -v what=json -f "$bench/real/generate.awk" >"$real_dir/records.json"
    break
  fi
done

now() { date +%s%N; }
# time_run OUT COMMAND...: runs COMMAND (stdin empty) with stdout to OUT, stderr to OUT.err and
# its exit status to OUT.status; prints its wall time in seconds
time_run() {
  local out=$1 start end status=0; shift
  start=$(now); "$@" </dev/null >"$out" 2>"$out.err" || status=$?; end=$(now)
  echo "$status" >"$out.status"
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
geomean() { tr ' ' '\n' | grep . | awk '{ s += log($1); n++ } END { if (n) printf "%.2f", exp(s / n) }'; }
# worst "NAME=RATIO ..." -> "NAME RATIO" of the largest ratio
worst() { tr ' ' '\n' | grep . | awk -F= '$2 + 0 > w + 0 { w = $2; n = $1 } END { if (n != "") print n, w }'; }

echo "K42 Lens bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(qemu-ppc64 --version | head -1), reps $reps, scale $scale"
echo
header="| order | program | category | link | qemu-user (s) | engine (s) | engine/qemu | guest MIPS | translated |"
rule="|---|---|---|---|---|---|---|---|---|"
if [ $trace = 1 ]; then header="$header engine + full trace (s) | trace cost |"; rule="$rule---|---|"; fi
echo "$header"; echo "$rule"
summary="" all_ratios="" failures=""
for order in $orders; do
  qemu=qemu-ppc64 sysroot=/usr/powerpc64-linux-gnu
  [ "$order" = le ] && qemu=qemu-ppc64le sysroot=/usr/powerpc64le-linux-gnu
  declare -A ratios=()
  for program in $selected; do
    category=$(category_of "$program")
    if [ "$category" = real ]; then
      [ "$order" = le ] || continue   # Debian's ppc64 (big-endian) port is not available here
      read -r -a command <<<"$(printf '%s\n' "$real_programs" | awk -v n="$program" '$1 == n { $1 = ""; print }')"
      guest="$root${command[0]}"
      engine=("$K42_ROOT/k42lens" run --stats --clear-env -E PATH=/usr/bin:/bin --root "$root" "$guest" "${command[@]:1}")
      reference=(env -i PATH=/usr/bin:/bin "$qemu" -L "$qemu_root" -0 "$guest" "$qemu_root${command[0]}" "${command[@]:1}")
      traced=("$K42_ROOT/k42lens" run --trace "$work/trace.jsonl" --clear-env -E PATH=/usr/bin:/bin --root "$root" "$guest" "${command[@]:1}")
      cwd=$real_dir link=dynamic
    else
      binary="$bench/bin/$order/$program"
      [ -x "$binary" ] || k42_die "no benchmark binary $binary (make -C bench)"
      link=static options=()
      [[ "$program" == *-dyn ]] && link=dynamic options=(--sysroot "$sysroot")
      engine=("$K42_ROOT/k42lens" run --stats "${options[@]}" "$binary" "$scale")
      reference=("$qemu" -L "$sysroot" "$binary" "$scale")
      traced=("$K42_ROOT/k42lens" run --trace "$work/trace.jsonl" "${options[@]}" "$binary" "$scale")
      cwd=$work/run
    fi
    engine_times="" qemu_times="" traced_times="" failure=""
    for _ in $(seq "$reps"); do
      engine_times="$engine_times $(cd "$cwd" && time_run "$work/engine.out" "${engine[@]}")"
      qemu_times="$qemu_times $(cd "$cwd" && time_run "$work/qemu.out" "${reference[@]}")"
      [ "$(cat "$work/qemu.out.status")" = 0 ] \
        || k42_die "$order/$program fails under qemu-user (exit $(cat "$work/qemu.out.status")): $(head -c 300 "$work/qemu.out.err")"
      if [ "$(cat "$work/engine.out.status")" != 0 ]; then
        failure="exit status $(cat "$work/engine.out.status"): $(sed '/^k42lens: [0-9]* guest instructions/d' "$work/engine.out.err" | tr '\n|' '  ' | cut -c 1-200)"
      elif ! cmp -s "$work/engine.out" "$work/qemu.out"; then
        failure="stdout differs from qemu-user's"
      fi
      if [ -n "$failure" ]; then
        [ $keep_going = 1 ] || k42_die "$order/$program: the engine's run differs from qemu's: $failure"
        break
      fi
      if [ $trace = 1 ]; then
        traced_times="$traced_times $(cd "$cwd" && time_run "$work/traced.out" "${traced[@]}")"
      fi
    done
    q=$(echo "$qemu_times" | median)
    if [ -n "$failure" ]; then
      failures="$failures\n- $order/$program: $failure"
      row="| $order | $program | $category | $link | $q | | fails: $failure | | |"
      [ $trace = 1 ] && row="$row | |"
      echo "$row"
      continue
    fi
    stats=$(sed -n 's/^k42lens: [0-9]* guest instructions in .*: \([0-9.]*\) million per second, \([0-9.]*%\) in translated regions.*$/\1 \2/p' "$work/engine.out.err" | tail -1)
    e=$(echo "$engine_times" | median)
    ratio=$(awk -v e="$e" -v q="$q" 'BEGIN { printf "%.2f", e / q }')
    ratios[$category]="${ratios[$category]:-} $program=$ratio"
    all_ratios="$all_ratios $order/$program=$ratio"
    [ "$program" = syscalls ] && summary="$summary\n- $order: the syscall loop engine/qemu = $ratio"
    row="| $order | $program | $category | $link | $q | $e | $ratio | ${stats% *} | ${stats#* } |"
    if [ $trace = 1 ]; then
      t=$(echo "$traced_times" | median)
      row="$row $t | $(awk -v t="$t" -v e="$e" 'BEGIN { printf "%+.0f %%", (t / e - 1) * 100 }') |"
    fi
    echo "$row"
  done
  for category in cpu syscall real; do
    [ -n "${ratios[$category]:-}" ] || continue
    set -- ${ratios[$category]}
    summary="$summary\n- $order $category ($# program$([ $# = 1 ] || echo s)): geometric mean $(printf '%s\n' "$@" | sed 's/.*=//' | geomean), worst $(printf '%s\n' "$@" | worst)"
  done
  unset ratios
done
echo
[ -n "$all_ratios" ] && summary="$summary\n- worst of all: $(echo "$all_ratios" | worst)"
printf "%b\n" "${summary#\\n}"
if [ -n "$failures" ]; then
  printf "\nFailures (the engine's run differs from qemu-user's):%b\n" "$failures"
  exit 1
fi
