#!/usr/bin/env bash
# debian-guest-root.sh — unpacks Debian's unmodified ppc64el busybox-static, coreutils and the
# libraries they need into .cache/debian-root: the guest root the real-binary tests run in.
# Needs apt with the ppc64el architecture added (done here, as root or through sudo).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
dest="$K42_ROOT/.cache/debian-root"
packages=(busybox-static:ppc64el coreutils:ppc64el libc6:ppc64el libacl1:ppc64el libattr1:ppc64el libgmp10:ppc64el
  libselinux1:ppc64el libpcre2-8-0:ppc64el)
if [ -x "$dest/bin/busybox" ] && [ -x "$dest/usr/bin/sort" ]; then
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
mkdir -p "$debs"
k42_say "downloading ${packages[*]}"
(cd "$debs" && { apt-get download "${packages[@]}" >/dev/null 2>&1 \
  || { $sudo apt-get update -q >/dev/null && apt-get download "${packages[@]}" >/dev/null; }; }) \
  || k42_die "could not download the Debian ppc64el packages ${packages[*]}"
rm -rf "$dest" && mkdir -p "$dest"
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$dest"
done
k42_say "guest root ready: $dest"
