#!/usr/bin/env bash
# Fails when a file of the repository names a registry host or a p2 repository: the project gets
# everything through the machine's configured Maven and Debian repositories, never a written URL.
# Every URL in the repository must be one of the few identifiers below (XML namespaces, the licence).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
allowed='http://maven\.apache\.org/POM/4\.0\.0|http://www\.w3\.org/2001/XMLSchema-instance|https://www\.eclipse\.org/legal/epl-2\.0/'
files=$(git ls-files --cached --others --exclude-standard 2>/dev/null || true)
[ -n "$files" ] || files=$(find . -type f -not -path './.git/*' -not -path '*/target/*' -not -path './.tools/*' | sed 's|^\./||')
hits=$(printf '%s\n' "$files" | grep -v -x releng/scripts/check-repository.sh | xargs -d '\n' grep -n -o -I -E '[a-zA-Z][a-zA-Z0-9+.-]*://[^"<> )]*' 2>/dev/null \
  | grep -v -E ":($allowed)\$" || true)
p2=$(printf '%s\n' "$files" | xargs -d '\n' grep -n -I -E 'type="(InstallableUnit|Directory|Profile)"|<repository [^>]*location=' 2>/dev/null || true)
if [ -n "$hits$p2" ]; then
  printf 'k42lens: these lines name a host or a p2 repository (only Maven Central through Maven, and Debian through apt):\n%s\n' "$hits$p2" >&2
  exit 1
fi
