#!/usr/bin/env bash
# Rebuilds the pinyin keyboard's dictionary, assets/pinyin/dict.tsv.gz, and
# the Apache-2.0 licence text beside it, from Debian 12's
# rime-data-pinyin-simp and our assets/pinyin/village-words.tsv.
#
#   usage: build/pinyin.sh     (from anywhere; needs root or sudo for
#                               apt-get the first time; a few seconds)
#
# The generator (build/pinyindict) keeps the entries whose characters the
# bundled font draws (assets.HasGlyph) and merges the curated words; see
# assets/pinyin/README.md. Deterministic for a given package version and Go
# release. Not part of `make test`: the output is committed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/assets/pinyin"
pkg=rime-data-pinyin-simp
src=/usr/share/rime-data/pinyin_simp.dict.yaml
licence=/usr/share/common-licenses/Apache-2.0
# The version assets/pinyin/README.md describes; another one still works,
# but the README's figures then need updating.
want=0.0~git20230104.52b9c75-1

if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "$pkg"
fi
have=$(dpkg-query -W -f='${Version}' "$pkg")
if [ "$have" != "$want" ]; then
  echo "note: $pkg is $have, the README describes $want" >&2
fi

export PATH="$PATH:/usr/local/go/bin"
export GOFLAGS=-tags=sqlite_fts5
cd "$root"
# The generator imports qingfeng/assets (for HasGlyph), which embeds the
# dictionary: a missing file must not stop the generator from compiling.
[ -e "$out/dict.tsv.gz" ] || : >"$out/dict.tsv.gz"
go run ./build/pinyindict -src "$src" -words "$out/village-words.tsv" -out "$out/dict.tsv.gz"
cp "$licence" "$out/LICENSE-Apache-2.0.txt"
ls -l "$out"
