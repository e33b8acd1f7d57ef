#!/usr/bin/env bash
# Regenerates the demo narrations in assets/demo/media from the texts beside
# this script: speech by espeak-ng's Mandarin voice, encoded as OGG Vorbis.
# Development only (not part of make test); needs espeak-ng and vorbis-tools.
#   build/narration/make.sh
set -euo pipefail
cd "$(dirname "$0")"
for p in espeak-ng vorbis-tools; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || apt-get install -y -q "$p"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for txt in *.txt; do
  name=${txt%.txt}
  espeak-ng -v cmn -s 150 -w "$tmp/$name.wav" -f "$txt"
  oggenc -Q -q 1 -o "../../assets/demo/media/$name-narration.ogg" "$tmp/$name.wav"
done
