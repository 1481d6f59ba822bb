#!/usr/bin/env bash
# screenshot.sh FILE DIR COMMAND... — runs COMMAND (an IDE) in DIR on a private Xvfb display, waits
# until its workbench window is up and idle, saves a screenshot of the whole screen to FILE, stops.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
out=$1 dir=$2; shift 2
k42_ensure_packages xvfb imagemagick xdotool

display=:$(( 90 + RANDOM % 100 ))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $ide 2>/dev/null; sleep 1; kill $xvfb 2>/dev/null' EXIT
export DISPLAY=$display
sleep 1
(cd "$dir" && exec "$@") >"$dir/screenshot-run.log" 2>&1 & ide=$!

for _ in $(seq 1 120); do
  kill -0 $ide 2>/dev/null || k42_die "the IDE exited before its window appeared (log: $dir/screenshot-run.log)"
  window=$(xdotool search --name ' - ' 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 1
done
[ -n "${window:-}" ] || k42_die "no workbench window after 120 s (log: $dir/screenshot-run.log)"
sleep "${K42LENS_SCREENSHOT_SETTLE:-8}"   # let the workbench finish opening; it sets its own bounds
xdotool windowmove "$window" 0 0 && xdotool windowsize "$window" 1600 1000   # no window manager: fill the screen
sleep 3
import -window root "$out"
k42_say "screenshot saved to $out"
