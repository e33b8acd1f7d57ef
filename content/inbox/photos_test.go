package inbox

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

// A phone photo stored sideways arrives in the kiosk's media folder
// upright: the import hands the store the turned picture, which the
// store checks against its digest as it copies it, and nothing is left in
// the temporary folder afterwards.
func TestImportedPhotoIsUpright(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", filepath.Join(tmp, "tmp"))
	os.Mkdir(filepath.Join(tmp, "tmp"), 0o755)
	// Stored as a phone does for a portrait shot (orientation 6: turn a
	// quarter clockwise to view): the view's top (red) is the stored
	// picture's left-hand side.
	sideways := image.NewRGBA(image.Rect(0, 0, 96, 64))
	for y := range 64 {
		for x := range 96 {
			c := color.RGBA{30, 30, 220, 255}
			if x < 48 {
				c = color.RGBA{220, 30, 30, 255}
			}
			sideways.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, sideways, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	a := txtar.Parse([]byte(`-- package.yaml --
id: photos
title: 照片
version: 1
-- stories/a.md --
---
id: s1
title: 照片
category: 清廉阵地
cover: media/photo.jpg
---
正文
`))
	a.Files = append(a.Files, txtar.File{Name: "media/photo.jpg", Data: withOrientation6(buf.Bytes())})
	pkg := contenttest.Write(t, filepath.Join(tmp, "pkg"), a)
	st, err := store.Open(context.Background(), filepath.Join(tmp, "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if res := (&Importer{Store: st}).ImportPath(context.Background(), pkg); res.Outcome != Imported {
		t.Fatalf("%v %s %v", res.Outcome, res.Reason, res.Problems)
	}
	found := false
	filepath.WalkDir(filepath.Join(tmp, "data"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil || img.Bounds().Dx() < 64 { // not a picture, or a thumbnail
			return nil
		}
		found = true
		if b := img.Bounds(); b.Dx() != 64 || b.Dy() != 96 {
			t.Errorf("stored %d×%d, want 64×96", b.Dx(), b.Dy())
			return nil
		}
		if r, _, _, _ := img.At(32, 10).RGBA(); r>>8 < 150 {
			t.Errorf("the top of the stored picture is not the red side")
		}
		return nil
	})
	if !found {
		t.Fatal("no picture in the media folder")
	}
	left, _ := os.ReadDir(filepath.Join(tmp, "tmp"))
	if len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}
