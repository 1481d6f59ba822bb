#!/usr/bin/env bash
# The install test: proves that K42 Lens installs into a plain Eclipse from the built update site.
# 1. unpacks the plain IDE product and checks that it has no K42 Lens bundle;
# 2. installs the feature from releng/dev.k42lens.site/target/repository with the p2 director;
# 3. starts the installed IDE under Xvfb in the K42 Lens perspective with an OSGi console on stdin,
#    and asks the running framework (Gogo `ss`, `start`) that every K42 Lens bundle resolved and starts.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
k42_find_jdk

work=$(mktemp -d /tmp/k42lens-install-test.XXXXXX)
home="$work/eclipse"
bundles=(dev.k42lens.core dev.k42lens.debug dev.k42lens.ui dev.k42lens.samples)
fail() { k42_say "install test FAILED: $*"; k42_say "kept $work for inspection"; exit 1; }

# 1. The plain product.
mkdir -p "$home" && tar xzf "$K42_PRODUCT_ARCHIVE" --warning=no-unknown-keyword -C "$home"
info="$home/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
[ -f "$info" ] || fail "the product has no $info"
! grep -q '^dev\.k42lens' "$info" || fail "the plain product already contains K42 Lens bundles"
rm -rf "$home"

# 2. Install from the update site.
k42_install_ide "$home"
for b in "${bundles[@]}"; do
  grep -q "^$b," "$info" || fail "$b is not in bundles.info after the p2 install"
done
k42_say "p2 director installed: $(grep -c '^dev\.k42lens' "$info") K42 Lens bundles"

# 3. Start it and ask the framework.
mapfile -d '' command < <(k42_ide_command "$home" "$work/workspace")
mkfifo "$work/console"
exec 3<>"$work/console"
# Its own session, so that on exit the whole group (xvfb-run, Xvfb, the IDE's JVM) is stopped:
# killing only xvfb-run would leave the JVM and the X server running.
(cd "$home" && exec setsid xvfb-run -a -s "-screen 0 1600x1000x24 -nolisten tcp" "${command[@]}" -console -consoleLog) \
  <"$work/console" >"$work/ide.log" 2>&1 &
ide=$!
stop_ide() {
  kill -TERM -- -$ide 2>/dev/null || true
  for _ in $(seq 1 10); do kill -0 -- -$ide 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- -$ide 2>/dev/null || true
}
trap stop_ide EXIT
console() { printf '%s\n' "$*" >&3; sleep 1; }

ss_line() { # the line Gogo's `ss` printed last for bundle $1: id, state, name_version
  grep -a -E "^[0-9]+[[:space:]]+[A-Z<>]+.*[[:space:]]$1_" "$work/ide.log" | tail -1
}
state_of() { ss_line "$1" | awk '{print $2}'; }

# The perspective's views load the UI bundle, whose lazy activation then makes it ACTIVE.
deadline=$((SECONDS + 180))
until [ "$(state_of dev.k42lens.ui)" = ACTIVE ]; do
  kill -0 $ide 2>/dev/null || fail "the IDE exited early (log: $work/ide.log)"
  [ $SECONDS -lt $deadline ] || fail "dev.k42lens.ui not ACTIVE after 180 s (last state: $(state_of dev.k42lens.ui); log: $work/ide.log)"
  console "ss dev.k42lens"
  sleep 2
done
for b in "${bundles[@]}"; do console "start $(ss_line "$b" | awk '{print $1}')"; done
console "ss dev.k42lens"
sleep 2
for b in "${bundles[@]}"; do
  s=$(state_of "$b")
  [ "$s" = ACTIVE ] || fail "$b is $s, not ACTIVE (log: $work/ide.log)"
  k42_say "$b: ACTIVE"
done
if grep -a -q -E '^!(ENTRY|MESSAGE).*dev\.k42lens' "$work/ide.log"; then
  fail "the IDE logged an error from a K42 Lens bundle (log: $work/ide.log)"
fi
console "close"
stop_ide
rm -rf "$work"
k42_say "install test passed: the feature installs from the update site and its bundles resolve and start"
