#!/usr/bin/env bash
# Writes the Word documents content/docx's tests read, with two real
# writers: LibreOffice (from a flat OpenDocument file written here) and
# python-docx. Run by hand when the fixtures must change; make test does
# not run it. Needs: build/deps.sh fixtures (libreoffice-writer-nogui,
# python3-docx).
set -euo pipefail
cd "$(dirname "$0")/../content/docx/testdata"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Debian's Python, where python3-docx is installed (another python3 may
# come first on PATH).
py=/usr/bin/python3

# A small picture both documents show: 64×48, a red-to-blue gradient.
"$py" - "$work/pic.png" <<'PY'
import struct, sys, zlib
w, h = 64, 48
raw = b"".join(b"\0" + b"".join(bytes((255 * x // w, 80, 255 - 255 * x // w)) for x in range(w)) for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY

# LibreOffice: a flat .fodt with the picture inside it, converted to .docx.
b64=$(base64 -w0 "$work/pic.png")
cat > "$work/libreoffice.fodt" <<FODT
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:automatic-styles>
  <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>
  <text:list-style style:name="Bullets">
   <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
  </text:list-style>
  <text:list-style style:name="Numbers">
   <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
  </text:list-style>
 </office:automatic-styles>
 <office:body>
  <office:text>
   <text:p>分类：家风家训</text:p>
   <text:h text:outline-level="1">清风村的老支书</text:h>
   <text:p>老支书<text:span text:style-name="B">一辈子</text:span>不收礼。</text:p>
   <text:p><draw:frame draw:name="图1" svg:width="1.6cm" svg:height="1.2cm" text:anchor-type="as-char"><draw:image><office:binary-data>$b64</office:binary-data></draw:image></draw:frame></text:p>
   <text:list text:style-name="Bullets">
    <text:list-item><text:p>两袖清风</text:p></text:list-item>
    <text:list-item><text:p>一心为民</text:p></text:list-item>
   </text:list>
   <text:list text:style-name="Numbers">
    <text:list-item><text:p>第一条</text:p></text:list-item>
    <text:list-item><text:p>第二条</text:p></text:list-item>
   </text:list>
   <text:p>1. 这不是列表，*星号*照原样。</text:p>
   <text:h text:outline-level="2">后记</text:h>
   <text:p>村民都记得他。</text:p>
  </office:text>
 </office:body>
</office:document>
FODT
HOME="$work" soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$work/libreoffice.fodt" >/dev/null
cp "$work/libreoffice.docx" libreoffice.docx

# python-docx: the same story through its own API and default template.
"$py" - "$work/pic.png" python-docx.docx <<'PY'
import sys
from docx import Document
from docx.shared import Cm
d = Document()
d.add_heading("清风村的老支书", level=1)
p = d.add_paragraph("老支书")
p.add_run("一辈子").bold = True
p.add_run("不收礼。")
d.add_picture(sys.argv[1], width=Cm(1.6))
d.add_paragraph("两袖清风", style="List Bullet")
d.add_paragraph("一心为民", style="List Bullet")
d.add_paragraph("第一条", style="List Number")
d.add_paragraph("第二条", style="List Number")
d.add_paragraph("1. 这不是列表，*星号*照原样。")
d.add_heading("后记", level=2)
d.add_paragraph("村民都记得他。")
d.save(sys.argv[2])
PY
echo "wrote libreoffice.docx python-docx.docx"
