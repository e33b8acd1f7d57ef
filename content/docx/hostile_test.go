package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"qingfeng/content/contenttest"
)

const (
	imageRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
)

// makeDocx writes a .docx: body is the XML inside <w:body>, rels the
// relationships of the document, parts any further entries.
func makeDocx(tb testing.TB, body, rels string, parts map[string][]byte) []byte {
	tb.Helper()
	return contenttest.Docx(tb, body, rels, parts)
}

func textPara(text string) string { return `<w:p><w:r><w:t>` + text + `</w:t></w:r></w:p>` }

func blip(id string) string {
	return `<w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="` + id + `"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>`
}

func imgRel(id, target string) string {
	return `<Relationship Id="` + id + `" Type="` + imageRel + `" Target="` + target + `"/>`
}

var png = []byte("\x89PNG\r\n\x1a\nnot really")

// TestHostileDocuments: each document is refused with a Chinese message
// or read without anything outside it, within the limits.
func TestHostileDocuments(t *testing.T) {
	small := DefaultLimits()
	small.MaxElements = 10_000
	small.MaxPictures = 3
	cases := []struct {
		name string
		data func(tb testing.TB) []byte
		lim  Limits
		// err: the message must contain it; "" the document is read.
		err   string
		check func(t *testing.T, d *Document)
	}{
		{name: "deep nesting", lim: DefaultLimits(), err: "层",
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, strings.Repeat("<w:sdt><w:sdtContent>", 200)+textPara("深")+strings.Repeat("</w:sdtContent></w:sdt>", 200), "", nil)
			}},
		{name: "a first heading longer than a title", lim: DefaultLimits(), err: "第一个标题有101个字",
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, `<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>`+strings.Repeat("清", 101)+`</w:t></w:r></w:p>`+textPara("正文"), "", nil)
			}},
		{name: "a first heading as long as a title may be", lim: DefaultLimits(),
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, `<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>`+strings.Repeat("清", 100)+`</w:t></w:r></w:p>`+textPara("正文"), "", nil)
			},
			check: func(t *testing.T, d *Document) {
				if len([]rune(d.Title)) != 100 {
					t.Errorf("title of %d characters", len([]rune(d.Title)))
				}
			}},
		{name: "too many elements", lim: small, err: "条目",
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, strings.Repeat("<w:p/>", 20_000), "", nil)
			}},
		{name: "document.xml inflating past its limit", lim: DefaultLimits(), err: "上限",
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, textPara(strings.Repeat("字", 6<<20)), "", nil) // 18 MB of text, 20 KB zipped
			}},
		{name: "body longer than a story", lim: DefaultLimits(), err: "正文超过",
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, strings.Repeat(textPara(strings.Repeat("清", 1000)), 200), "", nil)
			}},
		{name: "more pictures than allowed", lim: small, err: "图片超过",
			data: func(tb testing.TB) []byte {
				var body, rels strings.Builder
				parts := map[string][]byte{}
				for i := range 5 {
					body.WriteString(blip(fmt.Sprint("rId", i)))
					rels.WriteString(imgRel(fmt.Sprint("rId", i), fmt.Sprintf("media/p%d.png", i)))
					parts[fmt.Sprintf("word/media/p%d.png", i)] = png
				}
				return makeDocx(tb, body.String(), rels.String(), parts)
			}},
		{name: "no document inside", lim: DefaultLimits(), err: "不是Word文档",
			data: func(tb testing.TB) []byte {
				var buf bytes.Buffer
				zw := zip.NewWriter(&buf)
				w, _ := zw.Create("mimetype")
				w.Write([]byte("application/vnd.oasis.opendocument.text"))
				zw.Close()
				return buf.Bytes()
			}},
		{name: "broken XML", lim: DefaultLimits(), err: "损坏",
			data: func(tb testing.TB) []byte { return makeDocx(tb, `<w:p><w:r><w:t>a</w:r></w:p>`, "", nil) }},
		{name: "pictures pointing outside the zip, to the web or to nothing", lim: DefaultLimits(),
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, textPara("正文")+blip("rId1")+blip("rId2")+blip("rId3")+blip("rId4")+blip("rId5")+blip("rId9"),
					imgRel("rId1", "../../../etc/passwd.png")+imgRel("rId2", "/../secret.png")+
						`<Relationship Id="rId3" Type="`+imageRel+`" Target="http://example.com/x.png" TargetMode="External"/>`+
						imgRel("rId4", "media/missing.png")+imgRel("rId5", `C:\Users\a.png`), nil)
			},
			check: func(t *testing.T, d *Document) {
				if len(d.Pictures) != 0 || strings.Contains(d.Body, "![") {
					t.Errorf("pictures %v, body %q", d.Pictures, d.Body)
				}
				if !strings.Contains(strings.Join(d.Warnings, "|"), "链接") {
					t.Errorf("warnings %q", d.Warnings)
				}
			}},
		// Word's Insert → Picture → Link to File writes r:link, not
		// r:embed: the picture is not in the document, and the clerk
		// must be told so rather than find it gone.
		{name: "a picture linked to a file on the computer", lim: DefaultLimits(),
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, textPara("正文")+`<w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:link="rId1"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>`,
					`<Relationship Id="rId1" Type="`+imageRel+`" Target="file:///C:\Users\cun\Pictures\a.jpg" TargetMode="External"/>`, nil)
			},
			check: func(t *testing.T, d *Document) {
				if len(d.Pictures) != 0 || !strings.Contains(strings.Join(d.Warnings, "|"), "链接到电脑上的文件") {
					t.Errorf("pictures %v, warnings %q", d.Pictures, d.Warnings)
				}
			}},
		{name: "a drawing written twice is read once; other formats left out", lim: DefaultLimits(),
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps">`+
					`<w:drawing><a:blip r:embed="rId1"/></w:drawing></mc:Choice><mc:Fallback><w:pict><v:imagedata r:id="rId1"/></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`+
					blip("rId2"),
					imgRel("rId1", "media/a.png")+imgRel("rId2", "media/b.emf"),
					map[string][]byte{"word/media/a.png": png, "word/media/b.emf": []byte("emf")})
			},
			check: func(t *testing.T, d *Document) {
				if len(d.Pictures) != 1 || d.Pictures[0].Part != "word/media/a.png" || strings.Count(d.Body, "![") != 1 {
					t.Errorf("pictures %v, body %q", d.Pictures, d.Body)
				}
				if !strings.Contains(strings.Join(d.Warnings, "|"), "EMF") {
					t.Errorf("warnings %q", d.Warnings)
				}
			}},
		{name: "typed Markdown, HTML and links stay text", lim: DefaultLimits(),
			data: func(tb testing.TB) []byte {
				return makeDocx(tb, textPara(`![x](file:///etc/passwd) &lt;img src=x&gt; [点我](javascript:alert(1)) # 标题`), "", nil)
			},
			check: func(t *testing.T, d *Document) {
				if strings.Contains(d.Body, "![") || strings.Contains(d.Body, "](") || strings.Contains(d.Body, " <") {
					t.Errorf("body %q", d.Body)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read(open(t, tc.data(t)), tc.lim, picPath)
			if tc.err != "" {
				var de *Error
				if !errors.As(err, &de) || !strings.Contains(de.Msg, tc.err) {
					t.Fatalf("error %v, want one saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, d)
		})
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ dir, target, want string }{
		{"word/", "media/a.png", "word/media/a.png"},
		{"word/", "/word/media/a.png", "word/media/a.png"},
		{"word/", "../customXml/x.xml", "customXml/x.xml"},
		{"word/", "../../x.png", ""},
		{"word/", "/../x.png", "x.png"},
		{"word/", `..\..\x.png`, ""},
		{"word/", "C:/x.png", ""},
		{"", "..", ""},
	} {
		if got := resolve(tc.dir, tc.target); got != tc.want {
			t.Errorf("resolve(%q, %q) = %q, want %q", tc.dir, tc.target, got, tc.want)
		}
	}
}

// FuzzDocx reads arbitrary document XML and relationships: no panic, every
// failure an Error in Chinese, and every picture a part inside the zip.
func FuzzDocx(f *testing.F) {
	f.Add(textPara("正文")+blip("rId1"), imgRel("rId1", "media/a.png"))
	f.Add(`<w:p><w:pPr><w:numPr><w:ilvl w:val="3"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>“粗”</w:t></w:r></w:p>`, "")
	f.Add(`<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>标题</w:t><w:br/><w:tab/></w:r></w:p>`, imgRel("rId1", "../../a.png"))
	f.Add(`<w:p><w:r><w:t>a</w:t></w:r><w:p><w:r><w:t>b</w:t></w:r></w:p></w:p>`, `<Relationship Id="rId1" Target="x" TargetMode="External"/>`)
	f.Fuzz(func(t *testing.T, body, rels string) {
		data := makeDocx(t, body, rels, map[string][]byte{"word/media/a.png": png})
		lim := DefaultLimits()
		lim.MaxElements = 50_000
		d, err := Read(open(t, data), lim, picPath)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) || de.Msg == "" || de.Msg[0] < 0x80 {
				t.Fatalf("not a message for a clerk: %v", err)
			}
			return
		}
		if len(d.Body) > lim.MaxBodyBytes {
			t.Fatalf("body of %d bytes", len(d.Body))
		}
		for _, p := range d.Pictures {
			if p.Part != "word/media/a.png" || p.Path != picPath(p.Part) {
				t.Fatalf("picture %+v", p)
			}
		}
	})
}

// TestManyRunsCostLinear: a paragraph of hundreds of thousands of runs
// (one character each, or bold and plain by turns) costs allocations in
// proportion to the document, not to its square: each run's text was
// added to the paragraph's by copying all of it, and a 4 MB document.xml
// took tens of gigabytes of copying and half a minute to read.
func TestManyRunsCostLinear(t *testing.T) {
	for _, tc := range []struct{ name, run string }{
		{"plain runs", `<w:r><w:t>字</w:t></w:r>`},
		{"bold and plain by turns", `<w:r><w:rPr><w:b/></w:rPr><w:t>字</w:t></w:r><w:r><w:t>字</w:t></w:r>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xmlBody := "<w:p>" + strings.Repeat(tc.run, (2<<20)/len(tc.run)) + "</w:p>"
			data := makeDocx(t, xmlBody, "", nil)
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			doc, err := Read(zr, DefaultLimits(), func(p string) string { return p })
			runtime.ReadMemStats(&after)
			if err == nil && strings.Count(doc.Body, "字") != strings.Count(xmlBody, "字") {
				t.Errorf("the body has %d of the %d characters", strings.Count(doc.Body, "字"), strings.Count(xmlBody, "字"))
			}
			alloc, most := after.TotalAlloc-before.TotalAlloc, uint64(100*len(xmlBody))
			t.Logf("%d KB of document.xml: %d MB allocated", len(xmlBody)>>10, alloc>>20)
			if alloc > most {
				t.Errorf("reading %d KB of document.xml allocated %d MB, more than %d MB", len(xmlBody)>>10, alloc>>20, most>>20)
			}
		})
	}
}
