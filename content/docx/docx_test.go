package docx

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qingfeng/content/markdown"
)

func open(tb testing.TB, data []byte) *zip.Reader {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	return zr
}

func picPath(part string) string { return "stories/x.docx/" + part }

// TestWriters reads the same story as LibreOffice and python-docx wrote it
// (build/make-docx-fixtures.sh): the title from the first heading, the
// category line, bold, both kinds of list, the picture in place, a second
// heading, and typed Markdown characters kept as text.
func TestWriters(t *testing.T) {
	for _, tc := range []struct {
		file, category string
	}{
		{"libreoffice.docx", "家风家训"},
		{"python-docx.docx", ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Read(open(t, data), DefaultLimits(), picPath)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("body:\n%s", doc.Body)
			if doc.Title != "清风村的老支书" {
				t.Errorf("title %q", doc.Title)
			}
			if doc.Category != tc.category {
				t.Errorf("category %q, want %q", doc.Category, tc.category)
			}
			if len(doc.Pictures) != 1 || doc.Pictures[0].Size == 0 || !strings.HasPrefix(doc.Pictures[0].Part, "word/media/") {
				t.Fatalf("pictures %+v", doc.Pictures)
			}
			if len(doc.Warnings) > 0 {
				t.Errorf("warnings %q", doc.Warnings)
			}
			md := markdown.Parse(doc.Body)
			var kinds []string
			var text []string
			for _, b := range md.Blocks {
				switch b.Kind {
				case markdown.Paragraph:
					var s string
					for _, sp := range b.Spans {
						if sp.Strong {
							s += "**" + sp.Text + "**"
						} else {
							s += sp.Text
						}
					}
					kinds, text = append(kinds, "p"), append(text, s)
				case markdown.Heading:
					kinds, text = append(kinds, "h"), append(text, b.Spans[0].Text)
				case markdown.Picture:
					kinds, text = append(kinds, "img"), append(text, b.Image.Path())
				case markdown.List:
					k := "ul"
					if b.Ordered {
						k = "ol"
					}
					kinds, text = append(kinds, k), append(text, itemsText(b))
				default:
					kinds, text = append(kinds, "?"), append(text, "")
				}
			}
			want := []string{"老支书**一辈子**不收礼。", picPath(doc.Pictures[0].Part), "两袖清风|一心为民", "第一条|第二条", "1. 这不是列表，*星号*照原样。", "后记", "村民都记得他。"}
			wantKinds := []string{"p", "img", "ul", "ol", "p", "h", "p"}
			if strings.Join(kinds, " ") != strings.Join(wantKinds, " ") || strings.Join(text, "\n") != strings.Join(want, "\n") {
				t.Errorf("blocks %v\n%q\nwant %v\n%q", kinds, text, wantKinds, want)
			}
		})
	}
}

func itemsText(b markdown.Block) string {
	var out []string
	for _, it := range b.Items {
		s := ""
		for _, ib := range it {
			for _, sp := range ib.Spans {
				s += sp.Text
			}
		}
		out = append(out, s)
	}
	return strings.Join(out, "|")
}

// TestBody reads what Word, WPS and LibreOffice write for each thing a
// story shows.
func TestBody(t *testing.T) {
	const stylesXML = `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="标题 2"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="我的标题"/><w:basedOn w:val="a3"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Bul"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>` +
		`</w:styles>`
	const numberingXML = `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>` +
		`<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>`
	styled := func(style, text string) string {
		return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	listed := func(num, lvl, text string) string {
		return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="` + num + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	const rels = `<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>`
	parts := map[string][]byte{"word/styles.xml": []byte(stylesXML), "word/numbering.xml": []byte(numberingXML)}
	for _, tc := range []struct {
		name, body, title, md string
	}{
		{"WPS heading style by its English name", styled("1", "题目") + textPara("正文"), "题目", "正文"},
		{"a heading style named in Chinese, through basedOn", textPara("前言") + styled("MyHeading", "小节"), "小节", "前言\n\n## 小节"},
		{"an outline level on the paragraph", `<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>三级</w:t></w:r></w:p>`, "三级", ""},
		{"line breaks and tabs", `<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>完</w:t></w:r></w:p>`, "", "第一行\\\n第二行 完"},
		{"bold next to punctuation",
			`<w:p><w:r><w:t>他说</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>“清风”</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>是家训。</w:t></w:r></w:p>`,
			"", "他说“**清风**”是家训。"},
		{"nested numbered and bulleted lists", listed("5", "0", "一") + listed("5", "1", "甲") + listed("5", "0", "二") + styled("Bul", "点"),
			"", "1. 一\n    - 甲\n1. 二\n- 点"},
		{"a list that starts deep starts at the top", textPara("前") + listed("5", "3", "深"), "", "前\n\n- 深"},
		{"numId 0 is no list", listed("0", "0", "不是列表"), "", "不是列表"},
		{"a text box inside a paragraph", `<w:p><w:r><w:t>外</w:t></w:r><w:r><w:drawing><w:txbxContent>` + textPara("框里") + `</w:txbxContent></w:drawing></w:r></w:p>`,
			"", "框里\n\n外"},
		{"deleted text and field codes are not text", `<w:p><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>留下</w:t></w:r></w:p>`,
			"", "留下"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read(open(t, makeDocx(t, tc.body, rels, parts)), DefaultLimits(), picPath)
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tc.title || d.Body != tc.md {
				t.Errorf("title %q body %q, want %q %q", d.Title, d.Body, tc.title, tc.md)
			}
		})
	}
}

// A document saved as Word's "Strict Open XML" reads as the usual one.
func TestStrictNamespaces(t *testing.T) {
	strictDoc := strings.NewReplacer(
		"http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
		"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main")
	data := makeDocx(t, `<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>题目</w:t></w:r></w:p><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>粗</w:t></w:r></w:p>`+blip("rId1"),
		imgRel("rId1", "media/a.png"), map[string][]byte{"word/media/a.png": png})
	zr := open(t, data)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		if f.Name == "word/document.xml" {
			w.Write([]byte(strictDoc.Replace(b.String())))
		} else {
			w.Write(b.Bytes())
		}
	}
	zw.Close()
	d, err := Read(open(t, buf.Bytes()), DefaultLimits(), picPath)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "题目" || d.Body != "**粗**\n\n![](<"+picPath("word/media/a.png")+">)" || len(d.Pictures) != 1 {
		t.Errorf("title %q body %q pictures %v", d.Title, d.Body, d.Pictures)
	}
}
