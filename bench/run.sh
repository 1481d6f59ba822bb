#!/usr/bin/env bash
# bench/run.sh — the engine against qemu-user on the same programs in one run, alternately.
#   bench/run.sh [--reps N] [--scale F] [--orders "be le"] [--programs "sieve hash ..."] [--trace]
# For each byte order and program: N times (default 3) the engine (`./k42lens run`, a fresh JVM each
# time: whole-process wall time, JVM start included) then qemu-user, both on the same static binary;
# every engine run's stdout must equal qemu's. Prints a Markdown table of medians and ratios, the
# geometric mean of the CPU-bound ratios per byte order, the engine's guest instructions per second
# (in-process, from `run --stats`), and with --trace the same engine runs recording the full dispatch
# trace. --scale multiplies each program's work (1 = sized to run 1.5 s or more under qemu-user).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../releng/scripts/common.sh"

reps=3 scale=1 orders="be le" trace=0
cpu_bound="sieve hash matmul sort strings"
syscall_bound="syscalls futex pipes"
programs="$cpu_bound $syscall_bound"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=${2:?--reps needs a number}; shift 2 ;;
    --scale) scale=${2:?--scale needs a number}; shift 2 ;;
    --orders) orders=${2:?--orders needs be, le or both}; shift 2 ;;
    --programs) programs=${2:?--programs needs names}; shift 2 ;;
    --trace) trace=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) k42_die "unknown option '$1' (try bench/run.sh --help)" ;;
  esac
done
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || k42_die "--reps wants a positive whole number, not '$reps'"
k42_ensure_packages qemu-user
k42_find_jdk
bench="$K42_ROOT/bench"
"$K42_ROOT/k42lens" --version >/dev/null   # compiles the engine now, not inside the first measurement
work=$(mktemp -d /tmp/k42lens-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

now() { date +%s%N; }
# time_run OUT COMMAND...: runs COMMAND with stdout to OUT, prints its wall time in seconds
time_run() {
  local out=$1 start end; shift
  start=$(now); "$@" >"$out" 2>"$out.err" || k42_die "failed ($?): $* (stderr: $(head -c 300 "$out.err"))"; end=$(now)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "K42 Lens bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(qemu-ppc64 --version | head -1), reps $reps, scale $scale"
echo
header="| order | program | kind | qemu-user (s) | engine (s) | engine/qemu | guest MIPS |"
rule="|---|---|---|---|---|---|---|"
if [ $trace = 1 ]; then header="$header engine + full trace (s) | trace cost |"; rule="$rule---|---|"; fi
echo "$header"; echo "$rule"
summary=""
for order in $orders; do
  qemu=qemu-ppc64; [ "$order" = le ] && qemu=qemu-ppc64le
  cpu_ratios=""
  for program in $programs; do
    binary="$bench/bin/$order/$program"
    [ -x "$binary" ] || k42_die "no benchmark binary $binary (make -C bench)"
    kind=syscall; [[ " $cpu_bound " == *" $program "* ]] && kind=cpu
    engine_times="" qemu_times="" traced_times=""
    for _ in $(seq "$reps"); do
      engine_times="$engine_times $(time_run "$work/engine.out" "$K42_ROOT/k42lens" run "$binary" "$scale")"
      qemu_times="$qemu_times $(time_run "$work/qemu.out" "$qemu" "$binary" "$scale")"
      cmp -s "$work/engine.out" "$work/qemu.out" || k42_die "$order/$program: the engine's output differs from qemu's"
      if [ $trace = 1 ]; then
        traced_times="$traced_times $(time_run "$work/traced.out" "$K42_ROOT/k42lens" run --trace "$work/trace.jsonl" "$binary" "$scale")"
      fi
    done
    mips=$("$K42_ROOT/k42lens" run --stats "$binary" "$scale" 2>&1 >/dev/null | sed -n 's/.*: \([0-9.]*\) million per second.*/\1/p')
    e=$(echo "$engine_times" | median) q=$(echo "$qemu_times" | median)
    ratio=$(awk -v e="$e" -v q="$q" 'BEGIN { printf "%.2f", e / q }')
    [ $kind = cpu ] && cpu_ratios="$cpu_ratios $ratio"
    [ "$program" = syscalls ] && summary="$summary\n- $order: syscall loop engine/qemu = $ratio"
    row="| $order | $program | $kind | $q | $e | $ratio | ${mips:-?} |"
    if [ $trace = 1 ]; then
      t=$(echo "$traced_times" | median)
      row="$row $t | $(awk -v t="$t" -v e="$e" 'BEGIN { printf "%+.0f %%", (t / e - 1) * 100 }') |"
    fi
    echo "$row"
  done
  if [ -n "$cpu_ratios" ]; then
    geomean=$(echo "$cpu_ratios" | tr ' ' '\n' | grep . | awk '{ s += log($1); n++ } END { printf "%.2f", exp(s / n) }')
    summary="$summary\n- $order: geometric mean of the CPU-bound ratios = $geomean"
  fi
done
echo
printf "%b\n" "${summary#\\n}"
