# Shared by ./ide, ./test and ./k42lens: finding a JDK, obtaining Maven, installing host packages.
# Sourced, not run. Every failure is one line on stderr naming what is missing.

K42_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
K42_MAVEN_VERSION=3.9.16
K42_MIN_JAVA=21
K42_TOOLS="$K42_ROOT/.tools"

k42_say() { printf 'k42lens: %s\n' "$*" >&2; }
k42_die() { printf 'k42lens: error: %s\n' "$*" >&2; exit 1; }

# Major version of the JDK at $1, or nothing when $1 is not a JDK (a JRE has no javac).
k42_jdk_major() {
  local home=$1 v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
  [ -n "$v" ] || v=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  [ -n "$v" ] && printf '%s' "$v"
}

# Sets JAVA_HOME to a JDK >= 21: K42LENS_JAVA_HOME, then JAVA_HOME, then the java on PATH,
# then any JDK under /usr/lib/jvm (newest first).
k42_find_jdk() {
  local candidates=() c m
  [ -n "${K42LENS_JAVA_HOME:-}" ] && candidates+=("$K42LENS_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    m=$(k42_jdk_major "$c") || continue
    if [ "$m" -ge "$K42_MIN_JAVA" ]; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  k42_die "no JDK >= $K42_MIN_JAVA found (looked at K42LENS_JAVA_HOME, JAVA_HOME, PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin, and set JAVA_HOME"
}

# Sets K42_MVN to a Maven >= 3.9 (Tycho 4 needs it). Uses one on PATH if new enough, otherwise
# fetches the Maven distribution from the configured Maven repository with whatever Maven the
# machine has (Debian's 3.8 is enough for that) and unpacks it under .tools/.
k42_ensure_maven() {
  local local_mvn="$K42_TOOLS/apache-maven-$K42_MAVEN_VERSION/bin/mvn" v
  if [ -x "$local_mvn" ]; then K42_MVN=$local_mvn; return 0; fi
  if command -v mvn >/dev/null 2>&1; then
    v=$(mvn -B -v 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | sed -n '1s/^Apache Maven \([0-9]*\.[0-9]*\).*/\1/p')
    case "$v" in
      3.9|3.1[0-9]|4.*) K42_MVN=$(command -v mvn); return 0 ;;
    esac
  else
    k42_die "Maven not found: install it once ('apt-get install maven'); K42 Lens then fetches Maven $K42_MAVEN_VERSION itself"
  fi
  k42_say "fetching Maven $K42_MAVEN_VERSION (the machine has Maven ${v:-unknown}; Tycho needs >= 3.9)"
  mkdir -p "$K42_TOOLS"
  (cd "$K42_TOOLS" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.apache.maven:apache-maven:$K42_MAVEN_VERSION:tar.gz:bin" \
      -DoutputDirectory="$K42_TOOLS" >"$K42_TOOLS/maven-fetch.log" 2>&1) \
    || k42_die "could not fetch Maven $K42_MAVEN_VERSION from the Maven repository (see $K42_TOOLS/maven-fetch.log)"
  tar xzf "$K42_TOOLS/apache-maven-$K42_MAVEN_VERSION-bin.tar.gz" -C "$K42_TOOLS" \
    || k42_die "could not unpack $K42_TOOLS/apache-maven-$K42_MAVEN_VERSION-bin.tar.gz"
  rm -f "$K42_TOOLS/apache-maven-$K42_MAVEN_VERSION-bin.tar.gz"
  K42_MVN=$local_mvn
}

# Installs the Debian packages named in "$@" that are missing (as root, or through sudo).
k42_ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || k42_die "missing packages: ${missing[*]} (no apt-get here: install them by hand)"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || k42_die "missing packages: ${missing[*]} (run as root or install sudo)"
    sudo=sudo
  fi
  k42_say "installing Debian packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >"$K42_ROOT/.apt-install.log" 2>&1 || {
    $sudo apt-get update -q >>"$K42_ROOT/.apt-install.log" 2>&1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>"$K42_ROOT/.apt-install.log" 2>&1
  } || k42_die "could not install ${missing[*]} (see $K42_ROOT/.apt-install.log)"
}

# Runs Maven with the project's JDK, batch mode, from the repository root.
k42_mvn() {
  (cd "$K42_ROOT" && "$K42_MVN" -B "$@")
}

# The newest modification time (epoch seconds) of the files under the given paths.
k42_newest_mtime() {
  find "$@" -type f -not -path '*/target/*' -printf '%T@\n' 2>/dev/null | sort -n | tail -1 | cut -d. -f1
}

# Where the build puts the plain IDE product and the update site.
K42_PRODUCT_ARCHIVE="$K42_ROOT/releng/dev.k42lens.product/target/products/dev.k42lens.ide-linux.gtk.x86_64.tar.gz"
K42_UPDATE_SITE="$K42_ROOT/releng/dev.k42lens.site/target/repository"
K42_FEATURE_IU=dev.k42lens.feature.feature.group
K42_PERSPECTIVE=dev.k42lens.ui.perspective

# Builds the reactor (update site and IDE product included) when a source is newer than the product.
k42_build_if_stale() {
  local newest built=0
  newest=$(k42_newest_mtime "$K42_ROOT/pom.xml" "$K42_ROOT/bundles" "$K42_ROOT/features" \
    "$K42_ROOT/releng/dev.k42lens.target" "$K42_ROOT/releng/dev.k42lens.site" "$K42_ROOT/releng/dev.k42lens.product")
  [ -f "$K42_PRODUCT_ARCHIVE" ] && built=$(stat -c %Y "$K42_PRODUCT_ARCHIVE")
  if [ "$built" -ge "$newest" ] && [ -d "$K42_UPDATE_SITE" ]; then
    k42_say "build is up to date"
    return 0
  fi
  k42_say "building K42 Lens, its update site and the IDE with Maven (log: $K42_ROOT/target/build.log)"
  mkdir -p "$K42_ROOT/target"
  k42_mvn verify -DskipTests >"$K42_ROOT/target/build.log" 2>&1 \
    || { tail -n 30 "$K42_ROOT/target/build.log" >&2; k42_die "the build failed (full log: $K42_ROOT/target/build.log)"; }
}

# Unpacks the plain IDE product into $1 and installs the K42 Lens feature into it from the
# update site with the p2 director, exactly as a user installs it into an existing Eclipse.
k42_install_ide() {
  local dest=$1
  [ -f "$K42_PRODUCT_ARCHIVE" ] || k42_die "no IDE product at $K42_PRODUCT_ARCHIVE: build first"
  [ -d "$K42_UPDATE_SITE" ] || k42_die "no update site at $K42_UPDATE_SITE: build first"
  rm -rf "$dest" && mkdir -p "$dest"
  tar xzf "$K42_PRODUCT_ARCHIVE" --warning=no-unknown-keyword -C "$dest" || k42_die "could not unpack $K42_PRODUCT_ARCHIVE"
  k42_say "installing $K42_FEATURE_IU from the update site into $dest"
  (cd "$dest" && "$JAVA_HOME/bin/java" -jar plugins/org.eclipse.equinox.launcher_*.jar -nosplash \
      -application org.eclipse.equinox.p2.director \
      -repository "file:$K42_UPDATE_SITE" -installIU "$K42_FEATURE_IU" \
      -destination "$dest" -profile DefaultProfile) >"$dest/p2-install.log" 2>&1 \
    || { tail -n 20 "$dest/p2-install.log" >&2; k42_die "the p2 director could not install $K42_FEATURE_IU (log: $dest/p2-install.log)"; }
}

# The command line that starts the Eclipse installed in $1 on workspace $2 in the K42 Lens perspective.
# With a third argument --import-samples (./ide passes it), the IDE creates the k42lens-samples
# project at start-up when the workspace has none. That is the system property k42lens.importSamples,
# given as a JVM option: the launcher jar runs in this JVM, and -vmargs only reaches a JVM that
# Eclipse's native launcher starts.
k42_ide_command() {
  local home=$1 workspace=$2 launcher jvm_options=(-Dosgi.requiredJavaVersion=21 --enable-native-access=ALL-UNNAMED)
  case "${3:-}" in
    "") ;;
    --import-samples) jvm_options+=(-Dk42lens.importSamples=true) ;;
    *) k42_die "k42_ide_command: unknown option '$3'" ;;
  esac
  launcher=$(ls "$home"/plugins/org.eclipse.equinox.launcher_*.jar 2>/dev/null | head -1)
  [ -n "$launcher" ] || k42_die "no Equinox launcher in $home/plugins"
  printf '%s\0' "$JAVA_HOME/bin/java" "${jvm_options[@]}" -jar "$launcher" \
    -data "$workspace" -perspective "$K42_PERSPECTIVE"
}

# The version the target platform pins for group:artifact (the one place library versions live).
k42_target_version() { # groupId artifactId
  local version
  version=$(sed -n "s|.*<groupId>$1</groupId><artifactId>$2</artifactId><version>\([^<]*\)</version>.*|\1|p" \
    "$K42_ROOT/releng/dev.k42lens.target/dev.k42lens.target.target" | head -1)
  [ -n "$version" ] || k42_die "$1:$2 is not in the target platform"
  printf '%s' "$version"
}

# The class path of the engine's libraries (picocli, Gson, ASM and its tree API for the block translator, JNA for
# the guest file system's *at calls) for the
# javac/java runs of ./k42lens and engine-tests.sh, fetching missing jars.
k42_engine_libraries() {
  printf '%s:%s:%s:%s:%s' \
    "$(k42_library_jar info.picocli picocli "$(k42_target_version info.picocli picocli)")" \
    "$(k42_library_jar com.google.code.gson gson "$(k42_target_version com.google.code.gson gson)")" \
    "$(k42_library_jar org.ow2.asm asm "$(k42_target_version org.ow2.asm asm)")" \
    "$(k42_library_jar org.ow2.asm asm-tree "$(k42_target_version org.ow2.asm asm-tree)")" \
    "$(k42_library_jar net.java.dev.jna jna "$(k42_target_version net.java.dev.jna jna)")"
}

# Prints the path of a jar in the local Maven repository, fetching it with Maven when missing.
k42_library_jar() { # groupId artifactId version
  local group=$1 artifact=$2 version=$3 repo path
  repo=${K42LENS_MAVEN_REPO:-$HOME/.m2/repository}
  path="$repo/${group//.//}/$artifact/$version/$artifact-$version.jar"
  if [ ! -f "$path" ]; then
    command -v mvn >/dev/null 2>&1 || k42_die "$artifact $version is not in $repo and no Maven is installed to fetch it"
    k42_say "fetching $group:$artifact:$version"
    mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get -Dtransitive=false \
      -Dartifact="$group:$artifact:$version" >/dev/null 2>&1 || k42_die "could not fetch $group:$artifact:$version"
  fi
  printf '%s' "$path"
}

# Copies the guest root $1 (e.g. .cache/debian-root) to $2 for qemu-user's -L, with every absolute
# symbolic link made relative: qemu-user resolves links on the host, the engine inside the guest root.
k42_qemu_root() {
  local root=$1 copy=$2 link target
  cp -a "$root" "$copy"
  find "$copy" -type l | while IFS= read -r link; do
    target=$(readlink "$link")
    case "$target" in
      /*) ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$copy$target")" "$link" ;;
    esac
  done
}
