package parse

import (
	"bytes"
	"fmt"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
)

// The pictures inside Word documents count towards the package's total
// size, as every other file does: a stick of a few megabytes whose
// documents each hold a hundred pictures of 20 MB of nothing (they
// compress to kilobytes) would otherwise have the kiosk inflate and
// store gigabytes past the limit.
func TestWordPicturesCountTowardsThePackageSize(t *testing.T) {
	pic := append(pngBytes(t, 8, 8), bytes.Repeat([]byte{0}, 1<<20)...) // 1 MB, a few KB zipped
	doc := docxPictures(t, 3, pic)
	if len(doc) > 100<<10 {
		t.Fatalf("the document is %d KB", len(doc)>>10)
	}
	var files []txtar.File
	for i := range 4 {
		files = append(files, txtar.File{Name: fmt.Sprintf("stories/w%d.docx", i), Data: doc})
	}
	opts := Options{}
	opts.fill()
	opts.Limits.MaxPackageBytes = 10 << 20 // 12 MB of pictures in 4 small documents
	_, ps := readDir(t, contenttest.Write(t, t.TempDir(), storyTree(files...)), opts)
	found := false
	for _, p := range ps {
		found = found || bytes.Contains([]byte(p.Msg), []byte("总大小"))
	}
	if !found {
		t.Errorf("12 MB of Word pictures passed a 10 MB package limit: %v", ps)
	}
}
