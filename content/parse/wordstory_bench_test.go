package parse

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// BenchmarkWordStories checks a folder of 50 stories with 4 pictures each
// (a w×h JPEG), as Word documents with the pictures inside and as Markdown
// with the same pictures in media/: what reading Word costs on top of the
// pictures themselves.
func BenchmarkWordStories(b *testing.B) {
	for _, sz := range []struct{ w, h int }{{1024, 768}, {4000, 3000}} {
		pic := benchJPEG(b, sz.w, sz.h)
		doc := docxPictures(b, 4, pic)
		word, md := storyTree(), storyTree()
		for i := range 50 {
			word.Files = append(word.Files, txtar.File{Name: fmt.Sprintf("stories/故事%d.docx", i), Data: doc})
			body := fmt.Sprintf("---\nid: s%d\ntitle: 故事\ncategory: 家风家训\n---\n", i)
			for j := range 4 {
				p := fmt.Sprintf("media/s%d-%d.jpg", i, j)
				body += "![](" + p + ")\n\n"
				md.Files = append(md.Files, txtar.File{Name: p, Data: pic})
			}
			md.Files = append(md.Files, txtar.File{Name: fmt.Sprintf("stories/s%d.md", i), Data: []byte(body)})
		}
		for _, tc := range []struct {
			name string
			tree *txtar.Archive
		}{{"word", word}, {"markdown", md}} {
			dir := contenttest.Write(b, b.TempDir(), tc.tree)
			b.Run(fmt.Sprintf("%s/%dx%d", tc.name, sz.w, sz.h), func(b *testing.B) {
				for b.Loop() {
					src, err := Open(dir)
					if err != nil {
						b.Fatal(err)
					}
					pkg, ps := Read(context.Background(), src, Options{Thumbnails: true})
					src.Close()
					if ps.HasErrors() || len(pkg.Media) != 200 || len(pkg.Stories) != 50 {
						b.Fatalf("%d media, %d stories: %v", len(pkg.Media), len(pkg.Stories), ps)
					}
				}
			})
		}
	}
}
