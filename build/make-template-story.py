#!/usr/bin/python3
"""Writes assets/template/story.docx, the sample Word story that
`qingfeng template` puts in a new package folder: a heading, paragraphs,
bold words, a list and a picture, as a clerk would write one in Word.

Made with python-docx (Debian python3-docx), a real writer of the format, so
the sample opens in Word and WPS as theirs do. Run from the repository root:

    /usr/bin/python3 build/make-template-story.py

The output is committed; make test does not run this script.
"""
import io
import sys

import docx
from docx.shared import Cm

out = sys.argv[1] if len(sys.argv) > 1 else "assets/template/story.docx"
doc = docx.Document()
doc.core_properties.author = ""
doc.core_properties.title = "茶馆里的一本明白账"
doc.add_heading("茶馆里的一本明白账", level=1)
doc.add_paragraph(
    "村口的老茶馆每天早上都坐满了人。自从村务监督委员会把公示栏搬进茶馆，"
    "大家喝茶的时候顺便就把村里的账看明白了。")
p = doc.add_paragraph("监督委员会主任说：")
p.add_run("“账目摆在明处，大家心里就亮堂。”").bold = True
doc.add_heading("大家都在看什么", level=2)
for item in ("每季度的收入和支出", "工程项目的进度和花费", "食堂每周的菜单和价格"):
    doc.add_paragraph(item, style="List Bullet")
doc.add_picture("assets/demo/media/teahouse.png", width=Cm(12))
doc.add_paragraph(
    "这是一篇示例故事。请把标题、正文和图片换成您自己的内容，"
    "保存后放进“故事”文件夹里对应的分类文件夹。")
buf = io.BytesIO()
doc.save(buf)
with open(out, "wb") as f:
    f.write(buf.getvalue())
