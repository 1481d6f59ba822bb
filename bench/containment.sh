#!/usr/bin/env bash
# bench/containment.sh — runs each runaway mode of guest/src/runaway.c under the CLI with stated
# limits and prints, per mode: the guest's last line, the engine's exit status, the engine's peak
# resident memory (GNU time's maximum RSS) and wall time, and how many run directories it left in
# the host's /tmp. The README's containment table comes from it.
#   bench/containment.sh [--max-memory SIZE] [--max-tasks N] [--max-tmp SIZE]   (defaults 1G, 512, 256M)
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../releng/scripts/common.sh"
k42_ensure_packages time
k42_find_jdk

limits=(--max-memory 1G --max-tasks 512 --max-tmp 256M)
[ $# -gt 0 ] && limits=("$@")
program="$K42_ROOT/tests/dev.k42lens.core.tests/guest/bin/le-static/runaway"
[ -x "$program" ] || k42_die "missing $program (make -C tests/dev.k42lens.core.tests/guest bin/le-static/runaway)"
"$K42_ROOT/k42lens" --version >/dev/null   # builds the engine first, outside the measurements

scratch=$(mktemp -d "${TMPDIR:-/tmp}/k42lens-containment.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
printf '%-9s | %-72s | %4s | %9s | %6s | %s\n' mode "guest's last line (or the engine's)" exit "peak RSS" wall "run dirs left"
for mode in ${K42_CONTAINMENT_MODES:-memory shared reserve threads forkbomb zombies files tmpfill cpu}; do
  before=$(ls -d /tmp/k42lens-run-* 2>/dev/null | sort || true)
  set +e
  /usr/bin/time -f '%M %e' -o "$scratch/time" "$K42_ROOT/k42lens" run "${limits[@]}" "$program" "$mode" \
    >"$scratch/out" 2>"$scratch/err"
  status=$?
  set -e
  read -r rss_kb wall < <(tail -1 "$scratch/time")   # after "Command terminated by signal N"
  last=$(cat "$scratch/out" "$scratch/err" | grep -v -e '^$' -e '^Command exited' | tail -1 || true)
  left=$(comm -13 <(printf '%s\n' "$before") <(ls -d /tmp/k42lens-run-* 2>/dev/null | sort) | grep -c . || true)
  printf '%-9s | %-72s | %4s | %6d MiB | %5ss | %s\n' "$mode" "${last:0:72}" "$status" $(( rss_kb / 1024 )) "$wall" "$left"
done
echo "limits: ${limits[*]}; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(nproc) cores"
