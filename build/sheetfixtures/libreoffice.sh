#!/bin/sh
# Writes the spreadsheets of content/parse/testdata/sheets-libreoffice with
# LibreOffice Calc, a real spreadsheet program, from flat ODF written here:
# a village finance form (a title merged across the columns, the unit and
# the period in merged cells of one row, amounts shown #,##0.00, a total and
# the signatures) and a quiz sheet. Run from the module root:
#
#	sh build/sheetfixtures/libreoffice.sh
#
# Needs soffice (Debian: libreoffice-calc-nogui); not run by make test,
# which reads the committed files. LibreOffice stamps the time into the
# files, so a run changes their bytes though not what they say.
set -eu
out=content/parse/testdata/sheets-libreoffice
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

head='<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <number:number-style style:name="N4"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
  <style:style style:name="money" style:family="table-cell" style:data-style-name="N4"/>
 </office:automatic-styles>
 <office:body><office:spreadsheet>'
tail='</office:spreadsheet></office:body></office:document>'

# s TEXT: a text cell; n VALUE: a money cell; e: an empty cell.
s() { printf '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' "$1"; }
n() { printf '<table:table-cell table:style-name="money" office:value-type="float" office:value="%s"/>' "$1"; }
e() { printf '<table:table-cell/>'; }
row() { printf '<table:table-row>'; "$@"; printf '</table:table-row>\n'; }
# span N TEXT: a text cell merged across N columns.
span() { printf '<table:table-cell table:number-columns-spanned="%s" office:value-type="string"><text:p>%s</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="%s"/>' "$1" "$2" $(($1 - 1)); }

{
	echo "$head"
	echo '<table:table table:name="一季度">'
	row span 5 '横一村2026年第一季度财务收支公示'
	row eval "span 3 '填报单位：横一村股份经济合作社'; span 2 '时间：2026年第一季度'"
	row eval "s 日期; s 摘要; s '收入（元）'; s '支出（元）'; s 经手人"
	row eval "s 1月5日; s 村集体厂房租金; n 126000; e; s 王会计"
	row eval "s 2月10日; s 道路保洁费; e; n 8450.5; s 王会计"
	row eval "s 3月28日; s 老年食堂补助; e; n 12000; s 李出纳"
	row eval "s 合计; e; n 126000; n 20450.5; e"
	row eval "s '制表人：王会计'; e; s '审核人：张主任'"
	echo '</table:table>'
	echo "$tail"
} >"$work/横一村一季度收支.fods"

{
	echo "$head"
	echo '<table:table table:name="答题">'
	row span 7 '村务公开知识答题'
	row eval "s 题目; s A; s B; s C; s D; s 答案; s 解析"
	row eval "s '村级财务多久公开一次？'; s 每月; s 每季度; s 每年; s 不公开; s B; s '一般每季度公开一次。'"
	row eval "s '村务监督委员会可以查账吗？'; s 可以; s 不可以; e; e; s A; s '监委会有权查阅村务账目。'"
	echo '</table:table>'
	echo "$tail"
} >"$work/村务答题.fods"

mkdir -p "$out"
soffice --headless --convert-to xlsx --outdir "$out" "$work"/*.fods
