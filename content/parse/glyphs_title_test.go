package parse

import (
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// A rare character in a title taken from a file (a document's heading, a
// story's file name) is warned about as one in its text is: 喆 in a
// person's name showed as an empty box in the story's title on the screen,
// and nobody was told.
func TestRareCharacterInTitlesFromFiles(t *testing.T) {
	noZhe := func(c rune) bool { return c != '喆' }
	for _, tc := range []struct {
		name string
		file txtar.File
	}{
		{"Word heading", txtar.File{Name: "stories/家风家训/a.docx", Data: docxOf(t,
			`<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>老支书王喆</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p>`, "", nil)}},
		{"Notepad story's name", txtar.File{Name: "stories/家风家训/老支书王喆.txt", Data: []byte("正文\n")}},
		{"Notepad story's text", txtar.File{Name: "stories/家风家训/老支书.txt", Data: []byte("老支书王喆\n")}},
		{"Word heading and text", txtar.File{Name: "stories/家风家训/a.docx", Data: docxOf(t,
			`<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>老支书王喆</w:t></w:r></w:p><w:p><w:r><w:t>王喆</w:t></w:r></w:p>`, "", nil)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := readDir(t, contenttest.Write(t, t.TempDir(), storyTree(tc.file)), Options{HasGlyph: noZhe})
			n := 0
			for _, p := range ps {
				if p.Severity == content.Warning && strings.Contains(p.Msg, "喆") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d warnings about 喆, want 1: %v", n, ps)
			}
		})
	}
}
