package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"qingfeng/content"
)

// hostileBody links everywhere and reaches for files outside the package
// in every Markdown form; one picture is the package's own.
const hostileBody = `开头一段，[这里](file:///etc/passwd)有链接，还有[点我](javascript:alert(1))。

网址 <https://example.org/auto> 和[网站][w]，以及 **[加粗链接](https://example.org/b)**。

![绝对路径](/etc/passwd)

![引用][r]

![文件网址](file:///etc/hostname "标题")

<img src="/etc/passwd">

文字<img src="../../go.mod">文字

![网络图片](https://example.org/x.png)

![七味茶](media/seven-teas.png)

- 列表里的[链接](https://example.org/c)
- ![列表里的图](../secret.png)

> 引用里的[链接](file:///etc/passwd)

[w]: https://example.org/w
[r]: ../../go.mod
`

// A story shows its links as text that does nothing when tapped, and only
// pictures the store gave it: nothing in the body makes the kiosk open a
// file or start a program, whatever the check let through.
func TestStoryIsInert(t *testing.T) {
	r := newRig(t, landscape)
	r.lib.pkg.Stories = append(r.lib.pkg.Stories, content.Story{ID: "hostile", File: "stories/hostile.md",
		Title: "链接和图片", Category: "清廉阵地", Body: hostileBody, Images: []string{"media/seven-teas.png"}})
	test.Tap(r.cardWith(t, TileStories))
	test.Tap(r.cardWith(t, "链接和图片"))
	r.expect(t, "story")
	allowed := r.lib.file("media/seven-teas.png")
	pictures := 0
	var check func(segs []widget.RichTextSegment)
	check = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch v := s.(type) {
			case *widget.HyperlinkSegment:
				t.Errorf("a tappable link to %v", v.URL)
			case *widget.ImageSegment:
				t.Errorf("an image from %v", v.Source)
			case *widget.ListSegment:
				check(v.Items)
			case *widget.ParagraphSegment:
				check(v.Texts)
			}
		}
	}
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *widget.Hyperlink:
			t.Errorf("a hyperlink to %v", v.URL)
		case *widget.RichText:
			check(v.Segments)
		case *canvas.Image:
			if v.File != "" {
				t.Errorf("an image read from %s", v.File)
			}
		case *pictureBox:
			if v.path != allowed {
				t.Errorf("a picture of %s", v.path)
			}
			if v.path == allowed {
				pictures++
			}
		}
		return false
	})
	if pictures != 1 {
		t.Errorf("the package's own picture is shown %d times, want once", pictures)
	}
	for _, text := range []string{"这里", "点我", "https://example.org/auto", "网站", "加粗链接", "列表里的", "引用里的"} {
		if !r.showing(text) {
			t.Errorf("the link text %q is not shown", text)
		}
	}
	for _, text := range []string{"<img", "go.mod", "passwd"} {
		if r.showing(text) {
			t.Errorf("%q is on screen", text)
		}
	}
}
