#!/usr/bin/env bash
# debian-guest-root.sh — unpacks Debian 12's unmodified ppc64el programs (busybox-static, coreutils,
# interpreters, a database, compressors, a crypto toolkit, text tools) and the libraries they need
# into .cache/debian-root: the guest root the real-program tests run in. Debian's ppc64 (big-endian)
# port is not on the registries this project may use, so the real programs are little-endian only.
# Needs apt with the ppc64el architecture added (done here, as root or through sudo).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
dest="$K42_ROOT/.cache/debian-root"
programs=(busybox-static dash coreutils python3.11-minimal libpython3.11-minimal libpython3.11-stdlib perl-base
  libperl5.36 lua5.4 sqlite3 gzip xz-utils bzip2 zstd openssl gawk sed grep jq bc tar cpio findutils diffutils)
libraries=(libc6 libacl1 libattr1 libgmp10 libselinux1 libpcre2-8-0 liblua5.4-0 libsqlite3-0 libreadline8
  libtinfo6 libncursesw6 liblzma5 libbz2-1.0 libzstd1 liblz4-1 libssl3 libmpfr6 libsigsegv2 libjq1 libonig5 zlib1g
  libexpat1 libffi8 libuuid1 libcrypt1 libstdc++6 libgcc-s1)
packages=()
for p in "${programs[@]}" "${libraries[@]}"; do packages+=("$p:ppc64el"); done
# Architecture-independent parts: Perl's core modules, the MIME types Python reads.
packages+=(perl-modules-5.36 media-types)
stamp="$dest/.k42lens-packages"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "${packages[*]}" ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
  k42_say "adding the ppc64el architecture to apt (for Debian's ppc64el test binaries)"
  $sudo dpkg --add-architecture ppc64el
  $sudo apt-get update -q >/dev/null
fi
debs="$K42_ROOT/.cache/debs"
rm -rf "$debs" && mkdir -p "$debs"
k42_say "downloading ${#packages[@]} Debian packages for the real-program tests"
(cd "$debs" && { apt-get download "${packages[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update -q >/dev/null && apt-get download "${packages[@]}" >/dev/null; }; }) \
  || k42_die "could not download the Debian packages ${packages[*]}"
rm -rf "$dest" && mkdir -p "$dest"
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$dest"
done
echo "${packages[*]}" >"$stamp"
k42_say "guest root ready: $dest"
