#!/usr/bin/env bash
# engine-tests.sh [JUNIT CONSOLE ARGS] — the inner loop for engine work: compiles the core bundle
# and its tests with javac into a private temporary folder (so several can run at once) and runs
# them with the JUnit console launcher, no Maven, no OSGi. Default: every test; narrow it with e.g.
#   releng/scripts/engine-tests.sh --select-package dev.k42lens.core.mem
#   releng/scripts/engine-tests.sh --select-class dev.k42lens.core.tests.K42LensCommandTest
# The Maven build (./test --engine, ./test) runs the same tests in OSGi and is what CI trusts.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
k42_find_jdk

junit_version=$(k42_target_version org.junit.platform junit-platform-launcher)
console=$(k42_library_jar org.junit.platform junit-platform-console-standalone "$junit_version")
libraries=$(k42_engine_libraries)
core="$K42_ROOT/bundles/dev.k42lens.core"
tests="$K42_ROOT/tests/dev.k42lens.core.tests"

out=$(mktemp -d /tmp/k42lens-engine-tests.XXXXXX)
trap 'rm -rf "$out"' EXIT
find "$core/src" "$tests/src" -name '*.java' >"$out/sources.txt"
"$JAVA_HOME/bin/javac" --release 21 -encoding UTF-8 -nowarn -d "$out/classes" -cp "$libraries:$console" @"$out/sources.txt"
for dir in "$core/src" "$tests/src" "$tests/resources"; do
  [ -d "$dir" ] && (cd "$dir" && find . -type f ! -name '*.java' -exec cp --parents {} "$out/classes" \;)
done
mkdir -p "$out/classes/META-INF" && cp "$core/META-INF/MANIFEST.MF" "$out/classes/META-INF/"   # the engine reads its version there
[ $# -gt 0 ] || set -- --scan-classpath "$out/classes"
cd "$tests"   # tests find their data relative to the test bundle, as under Maven
exec "$JAVA_HOME/bin/java" -ea --enable-native-access=ALL-UNNAMED -jar "$console" execute --class-path "$out/classes:$libraries" \
  --disable-banner --details=summary --fail-if-no-tests "$@"
