#!/usr/bin/env bash
# Writes the stroke data the handwriting tests and benchmark draw with:
#   kiosk/handwriting/testdata/level1.txt   the 3,500 characters of level 1
#       of the Table of General Standard Chinese Characters (通用规范汉字表
#       一级字表, 2013), in the table's order, from the Unihan database's
#       kTGH field (serial numbers 1–3500) as Debian's unicode-data ships it;
#   kiosk/handwriting/testdata/medians.txt  for each of them that
#       hanzi-writer-data (npm, Arphic Public License) has, its strokes'
#       medians, y turned to point down.
# usage: build/handwriting-data.sh    (needs npm, python3, unicode-data)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/kiosk/handwriting/testdata
version=2.0.1
unihan=/usr/share/unicode/Unihan_OtherMappings.txt.bz2
[ -r "$unihan" ] || { echo "$unihan missing: apt-get install unicode-data" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "hanzi-writer-data@$version" >/dev/null && tar xzf "hanzi-writer-data-$version.tgz")
cp "$work/package/ARPHICPL.TXT" "$out/ARPHICPL.TXT"
sed -n '/^EXHIBIT 1/,$p' /usr/share/doc/unicode-data/copyright >"$out/UNICODE-LICENSE.txt"

python3 - "$unihan" "$work/package" "$out" "$version" <<'PY'
import bz2, json, os, sys
unihan, pkg, out, version = sys.argv[1:]
level1 = {}
with bz2.open(unihan, "rt", encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or "\tkTGH\t" not in line:
            continue
        code, _, value = line.rstrip("\n").split("\t")
        for v in value.split():
            n = int(v.split(":")[1])
            if n <= 3500:
                level1[n] = chr(int(code[2:], 16))
assert sorted(level1) == list(range(1, 3501)), "kTGH does not number 1..3500 once each"
chars = [level1[n] for n in range(1, 3501)]
with open(os.path.join(out, "level1.txt"), "w", encoding="utf-8") as f:
    f.write("# 通用规范汉字表 一级字表 (2013): serial numbers 1-3500 of the Unihan\n")
    f.write("# database's kTGH field (Unicode, Inc.; Unicode License, see UNICODE-LICENSE.txt),\n")
    f.write("# written by build/handwriting-data.sh. One character a line, in the table's order.\n")
    for c in chars:
        f.write(c + "\n")
missing = []
with open(os.path.join(out, "medians.txt"), "w", encoding="utf-8") as f:
    f.write("# Stroke medians from hanzi-writer-data %s (derived from Make Me a Hanzi;\n" % version)
    f.write("# Arphic Public License, see ARPHICPL.TXT), for the characters of level1.txt,\n")
    f.write("# written by build/handwriting-data.sh. A line: the character, then its strokes\n")
    f.write("# separated by ';', each a list of x,y points in a 1024-unit box, y down.\n")
    for c in chars:
        p = os.path.join(pkg, c + ".json")
        if not os.path.exists(p):
            missing.append(c)
            continue
        with open(p, encoding="utf-8") as j:
            med = json.load(j)["medians"]
        strokes = [" ".join("%d,%d" % (x, 900 - y) for x, y in s) for s in med]
        f.write(c + " " + ";".join(strokes) + "\n")
print("level 1: 3500 characters; medians for %d; missing: %s" % (3500 - len(missing), "".join(missing) or "none"))
PY
