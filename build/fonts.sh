#!/usr/bin/env bash
# Rebuilds the bundled CJK font: assets/fonts/NotoSansSC-{Regular,Bold}.otf
# and assets/fonts/LICENSE-OFL.txt, from Debian 12's packages alone.
#
#   usage: build/fonts.sh            (from anywhere; needs root for apt-get
#                                     the first time, about a minute of CPU)
#
# Why: Fyne ships no CJK font and cannot load a .ttc collection, so the kiosk
# embeds single .otf files. Source is fonts-noto-cjk (Noto Sans CJK, SIL OFL
# 1.1): its NotoSansCJK-{Regular,Bold}.ttc hold ten faces each (JP KR SC TC
# HK, then the same as Mono); face 2 is Simplified Chinese (SC).
# pyftsubset (python3-fonttools) keeps only the code points listed in UNICODES
# below and drops the PostScript hints (neither Fyne's nor Ebiten's rasterizer
# hints; removing them halves the file), the vertical-writing tables and every
# layout feature but kern.
#
# Naming: upstream noto-cjk's LICENSE reserves the font name "Source" (Adobe)
# and "Noto" is a Google trademark (name ID 7). A subset is a Modified
# Version under the OFL, so the family is renamed inside the font to
# "Qingfeng Sans SC" (name table and CFF), the trademark line is dropped, and
# the copyright, designer and licence records are kept. The file names only
# say where the outlines came from.
#
# The output is deterministic for a given fonts-noto-cjk and python3-fonttools
# version (timestamps are copied from the source font, not taken from the
# clock); the versions used are in assets/fonts/README.md. Not part of
# `make test`: the outputs are committed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/assets/fonts"
src=/usr/share/fonts/opentype/noto
copyright=/usr/share/doc/fonts-noto-cjk/copyright
# Debian's interpreter, not whatever python3 comes first on PATH: fontTools is
# installed for /usr/bin/python3 only.
py=/usr/bin/python3

need=()
for p in fonts-noto-cjk python3-fonttools unicode-data; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# One range per line: what the kiosk may have to show. The test
# assets/fonts_test.go checks the result against the demo content and UI words.
UNICODES=(
  U+0020-007E # ASCII
  U+00A0-00FF # Latin-1: ¥ × ÷ · ° ±
  U+0100-017F # Latin Extended-A: pinyin ā ē ī ō ū
  U+01CD-01DC # pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
  U+0251,U+0261 # ɑ ɡ (in GB 2312)
  U+02B0-02FF # spacing modifiers: tone marks ˉ ˊ ˇ ˋ ˙
  U+0391-03C9 # Greek (in GB 2312): α β μ Ω
  U+0401,U+0410-044F,U+0451 # Cyrillic of GB 2312
  U+2000-206F # General Punctuation: — ‘ ’ “ ” … • ‰ ※
  U+2100-214F # Letterlike: ℃ № ℡
  U+2150-218F # Number Forms: Ⅰ–Ⅻ
  U+2190-21FF # Arrows
  U+2200-22FF # Mathematical Operators
  U+2460-24FF # Enclosed Alphanumerics: ①–⑳ ⑴ ⒈
  U+25A0-25FF # Geometric Shapes: ■ □ ▲ ○ ● ◎
  U+2600-26FF # Miscellaneous Symbols: ★ ☆ ☎
  U+2E80-2EFF # CJK Radicals Supplement  } text pasted from PDFs often
  U+2F00-2FDF # Kangxi Radicals          } carries these instead of hanzi
  U+3000-303F # CJK Symbols and Punctuation
  U+3200-32FF # Enclosed CJK Letters and Months: ㈠ ㊣
  U+3300-33FF # CJK Compatibility: ㎡ ㎏ ㎞
  U+FE30-FE4F # CJK Compatibility Forms: ﹏
  U+FF00-FFEF # Halfwidth and Fullwidth Forms
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s\n' "${UNICODES[@]}" >"$work/ranges.txt"

# The hanzi: the Table of General Standard Chinese Characters (通用规范汉字表,
# 2013: 8,105 characters, the state's list for general use, including the
# rarer ones of person and place names) together with GB 2312 (6,763), as
# the Unihan database lists them (fields kTGH and kGB0; Debian's unicode-data
# package, Unicode licence). All of CJK Unified Ideographs and Extension A
# (29,465 glyphs) made a 6.8 MB face that Fyne copies twice into memory at
# start; these 8,230 characters make a 2.1 MB one. Content that uses a
# character outside this list gets a warning naming it when it is imported.
bzcat /usr/share/unicode/Unihan_OtherMappings.txt.bz2 |
  awk '$1 ~ /^U\+/ && ($2 == "kTGH" || $2 == "kGB0") { print $1 }' | sort -u >"$work/hanzi.txt"
cat "$work/hanzi.txt" >>"$work/ranges.txt"
# The same list as characters, 64 a line, for assets/fonts_test.go.
"$py" - "$work/hanzi.txt" "$out/hanzi.txt" <<'PY'
import sys
cps = sorted(int(l.strip()[2:], 16) for l in open(sys.argv[1]) if l.strip())
chars = "".join(chr(c) for c in cps)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("".join(chars[i:i + 64] + "\n" for i in range(0, len(chars), 64)))
PY

mkdir -p "$out"
for style in Regular Bold; do
  "$py" -m fontTools.subset "$src/NotoSansCJK-$style.ttc" \
    --font-number=2 \
    --unicodes-file="$work/ranges.txt" \
    --no-hinting \
    --layout-features=kern \
    --drop-tables+=vhea,vmtx,VORG,BASE \
    --name-IDs='*' --name-languages='*' \
    --output-file="$work/subset-$style.otf"

  "$py" - "$src/NotoSansCJK-$style.ttc" "$work/subset-$style.otf" "$out/NotoSansSC-$style.otf" "$style" <<'PY'
import sys
from fontTools.ttLib import TTFont

source, subset, dest, style = sys.argv[1:]
family = "Qingfeng Sans SC"
ps = "QingfengSansSC-" + style

orig = TTFont(source, fontNumber=2, lazy=True)
font = TTFont(subset, recalcTimestamp=False)

name = font["name"]
version = orig["name"].getDebugName(5)
# IDs 1-6 and 16-17 name the font; 7 is Google's trademark notice for "Noto",
# which this renamed subset no longer uses; 11 points at Noto's site.
name.names = [n for n in name.names if n.nameID not in (1, 2, 3, 4, 5, 6, 7, 11, 16, 17, 18)]
records = {
    1: family,
    2: style,
    3: "%.3f;qingfeng;%s" % (orig["head"].fontRevision, ps),
    4: family if style == "Regular" else family + " " + style,
    5: version + "; subset of Noto Sans CJK SC for qingfeng (build/fonts.sh)",
    6: ps,
}
for nid, text in records.items():
    name.setName(text, nid, 3, 1, 0x409)

cff = font["CFF "].cff
top = cff.topDictIndex[0]
old = cff.fontNames[0]
cff.fontNames[0] = ps
top.FamilyName = family
top.FullName = records[4]
top.Notice = orig["name"].getDebugName(0).replace("\u00a9", "Copyright")
for fd in top.FDArray:
    fd.FontName = fd.FontName.replace(old, ps)

# Keep the source font's dates so reruns write identical bytes.
font["head"].created = orig["head"].created
font["head"].modified = orig["head"].modified
font.save(dest, reorderTables=True)
font.close()
PY
done

# The licence, exactly as the Debian package states it, with the copyright
# notice the font itself carries (name ID 0) and upstream's reserved name.
{
  echo "Noto Sans CJK SC, subset and renamed \"Qingfeng Sans SC\" by build/fonts.sh."
  echo
  "$py" -c 'import sys; from fontTools.ttLib import TTFont; print(TTFont(sys.argv[1], fontNumber=2, lazy=True)["name"].getDebugName(0).replace("\u00a9", "Copyright"))' \
    "$src/NotoSansCJK-Regular.ttc"
  echo "Upstream (github.com/googlefonts/noto-cjk, LICENSE) adds: with Reserved Font Name 'Source'."
  echo "Noto is a trademark of Google Inc."
  echo
  echo "This Font Software is licensed under the SIL Open Font License, Version 1.1."
  echo "This license is copied below, and is also available with a FAQ at:"
  echo "https://openfontlicense.org"
  echo
  # The text is the stand-alone "License: SIL-1.1" paragraph of the
  # copyright file (the one that starts a paragraph, not the field of the
  # "Files: *" stanza): indented one space, with " ." for blank lines.
  awk 'prev == "" && /^License: SIL-1.1$/ {on=1; prev=$0; next}
       on && /^[^ ]/ {exit}
       on && /^$/ {exit}
       on {sub(/^ /, ""); if ($0 == ".") $0 = ""; print}
       {prev=$0}' "$copyright"
} >"$out/LICENSE-OFL.txt"

ls -l "$out"
