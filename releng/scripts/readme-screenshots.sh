#!/usr/bin/env bash
# readme-screenshots.sh [DIR] — runs the UI tests in a real workbench under Xvfb and saves the
# screenshots they take at each step of the debugging session into DIR (default docs/images),
# the pictures the README shows. Look at them before committing.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
out=$(readlink -f "${1:-$K42_ROOT/docs/images}")
k42_ensure_packages xvfb xauth imagemagick libgtk-3-0
k42_find_jdk
k42_ensure_maven
mkdir -p "$out"
(cd "$K42_ROOT" && xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" "$K42_MVN" -B -q verify -Dk42lens.screenshots="$out" \
  -pl releng/dev.k42lens.target,bundles/dev.k42lens.core,bundles/dev.k42lens.debug,bundles/dev.k42lens.ui,bundles/dev.k42lens.samples,tests/dev.k42lens.ui.tests)
k42_say "screenshots saved in $out"
