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
