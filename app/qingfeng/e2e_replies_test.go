//go:build e2e

package main

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"qingfeng/assets"
	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/outbox"
	"qingfeng/content/store"
)

// Where a finger goes on the kiosk at 1920×1080, scale 1: the positions of
// the goldens kiosk/testdata/opinions_replies_landscape.png (我有话说 with
// its four tiles), rating_landscape.png, form_landscape.png (with the
// three phrases configured below) and lookup_landscape.png.
var (
	tapOpinions  = image.Pt(1680, 960) // Home's 我有话说
	tapBack      = image.Pt(110, 60)   // 返回
	tapRate      = image.Pt(480, 330)  // 打个分
	tapWrite     = image.Pt(1437, 330) // 写意见
	tapLookup    = image.Pt(481, 778)  // 查办理结果
	tapHappy     = image.Pt(320, 312)  // the 满意 face
	tapSendRate  = image.Pt(832, 1040) // 提交评价
	tapPhrase1   = image.Pt(323, 1042) // 我想反映
	tapPhrase2   = image.Pt(960, 1042) // 建议
	tapConsent   = image.Pt(40, 442)   // 同意公开我的意见内容
	tapSendWrite = image.Pt(1846, 141) // 提交
	tapQuery     = image.Pt(1286, 153) // 查询
)

// padKey is where the keypad's key for c is: eleven keys a row, 140 px
// keys 8 px apart, the first centred at (219, 345).
func padKey(t testing.TB, c rune) image.Point {
	t.Helper()
	i := strings.IndexRune(content.ReceiptAlphabet, c)
	if i < 0 {
		t.Fatalf("%q is not on the keypad", c)
	}
	return image.Pt(219+148*(i%11), 345+148*(i/11))
}

func (d *display) tapAt(p image.Point) { d.tap(p.X, p.Y) }

// receiptsLogged are the receipts the kiosk logged as stored, in order.
func (k *runningKiosk) receiptsLogged() []string {
	b, _ := os.ReadFile(k.log)
	var out []string
	for _, m := range regexp.MustCompile(`msg="opinion stored" receipt=([0-9A-Z]{4}-[0-9A-Z]{4})`).FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// The loop of replies on a real kiosk: a rating and a written opinion
// left by taps, the outbox collected at the office, answered in the
// workbook, imported and packed signed, the pack dropped into the running
// kiosk's inbox; then each receipt typed on the keypad shows the office's
// answer, read off the screen in the bundled font.
func TestE2ERepliesComeBack(t *testing.T) {
	root := t.TempDir()
	keys := filepath.Join(root, "keys")
	qingfengCmd(t, "keygen", "--signing", "--out", keys)
	qingfengCmd(t, "keygen", "--out", keys) // the office's key, which seals names and phones
	data, inbox, box := filepath.Join(root, "data"), filepath.Join(root, "inbox"), filepath.Join(root, "outbox")
	// The inbox is Syncthing's folder, as at a kiosk of a fleet: what it
	// delivers comes in quietly, with no banner over the screen.
	for _, dir := range []string{data, filepath.Join(inbox, ".stfolder"), box} {
		os.MkdirAll(dir, 0o755)
	}
	config := fmt.Sprintf(`site:
  id: kiosk1
  name: 示例村联络站
screen:
  slide: 1h
  idle_after: 1h
inboxes:
  - %s
outbox: %s
trusted_publishers:
  - %s
import:
  quiet: 300ms
  poll: 2s
opinions:
  office_key: %s
  min_interval: 0s
  phrases: [我想反映, 建议, 谢谢]
`, inbox, box, filepath.Join(keys, "publisher.pub"), filepath.Join(keys, "office.pub"))

	d := startXvfb(t, 1920, 1080)
	k := startKioskOn(t, d, data, config)
	stored := func(n int) string {
		t.Helper()
		waitFor(t, 20*time.Second, fmt.Sprintf("opinion %d to be stored", n), func() bool { return len(k.receiptsLogged()) >= n })
		return k.receiptsLogged()[n-1]
	}

	// A rating: 我有话说, 打个分, 满意, 提交评价; 返回 goes Home.
	d.shot("replies-0-home")
	d.tapAt(tapOpinions)
	d.shot("replies-1-opinions")
	d.tapAt(tapRate)
	d.tapAt(tapHappy)
	d.tapAt(tapSendRate)
	rated := stored(1)
	d.shot("replies-2-rated")
	d.tapAt(tapBack)

	// A written opinion from the keyboard's phrases, its text agreed to be
	// public.
	d.tapAt(tapOpinions)
	d.tapAt(tapWrite)
	d.tapAt(tapPhrase1)
	d.tapAt(tapPhrase2)
	d.tapAt(tapConsent)
	d.shot("replies-3-form")
	d.tapAt(tapSendWrite)
	written := stored(2)
	d.shot("replies-4-written")
	d.tapAt(tapBack)
	t.Logf("receipts: rating %s, written %s", rated, written)

	// The outbox, written while the kiosk runs, reaches the office.
	cfg := filepath.Join(data, "qingfeng.yaml")
	qingfengCmd(t, "outbox", "--config", cfg, "--data", data)
	if fs, err := outbox.Files(box); err != nil || len(fs) != 1 {
		t.Fatalf("the outbox holds %v (%v); want one batch", fs, err)
	}
	const reply = "村口路灯已经修好"
	pack := officeReplies(t, filepath.Join(root, "office"), box, filepath.Join(keys, "publisher.key"), map[string]officeAnswer{
		written: {collect.ColStatus: string(content.StatusReplied), collect.ColReply: reply, collect.ColPublic: collect.Yes},
		rated:   {collect.ColStatus: string(content.StatusForwarded), collect.ColUnit: "镇交通办"},
	})
	csv, err := os.ReadFile(filepath.Join(pack, "replies.csv"))
	if err != nil || !strings.Contains(string(csv), written+",已答复,") || !strings.Contains(string(csv), reply+",是,我想反映建议") {
		t.Fatalf("the pack's replies.csv (%v):\n%s", err, csv)
	}
	// Dropped whole into the kiosk's inbox, as a careful office does.
	if err := os.Rename(pack, filepath.Join(inbox, filepath.Base(pack))); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the kiosk to import the pack", func() bool {
		return k.logged(`msg="package imported"`, "package=replies-qingfeng-qu")
	})

	for i, c := range []struct {
		receipt     string
		area        image.Rectangle
		ink         inkColour
		bold        bool
		text, other string
	}{
		// The reply, right of the timeline.
		{written, image.Rect(490, 240, 1910, 1000), darkInk, false, reply, "食堂账目按月公开"},
		// The current step of the timeline, with the unit.
		{rated, image.Rect(60, 120, 480, 1000), darkInk, true, "已转交（镇交通办）", "已收到（镇民政办）"},
	} {
		d.tapAt(tapOpinions)
		d.tapAt(tapLookup)
		for _, ch := range strings.ReplaceAll(c.receipt, "-", "") {
			d.tapAt(padKey(t, ch))
		}
		d.shot(fmt.Sprintf("replies-%d-typed", 5+2*i))
		d.tapAt(tapQuery)
		shot := d.shot(fmt.Sprintf("replies-%d-answer", 6+2*i))
		if !lineShown(t, shot, c.area, c.ink, c.bold, c.text, c.other, 34) {
			t.Errorf("the answer to %s does not show %s; see %s", c.receipt, c.text, d.out)
		}
		d.tapAt(tapBack) // to 我有话说
		d.tapAt(tapBack) // Home
	}
	k.stop(t)

	st, err := store.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.LookupReply(context.Background(), written)
	if err != nil || !got.Found || got.Reply.Text != reply || got.Reply.Opinion != "我想反映建议" {
		t.Errorf("the kiosk's store has for %s: %+v, %v", written, got, err)
	}
}

// lineShown reports whether some line of ink in area reads text, in the
// bundled face (bold or regular) at size pixels, and not other.
func lineShown(t testing.TB, shot image.Image, area image.Rectangle, ink inkColour, bold bool, text, other string, size float64) bool {
	t.Helper()
	ok, how := lineMatch(shot, area, ink, bold, text, other, size)
	t.Log(how)
	return ok
}

// lineMatch is lineShown, saying how each line matched.
func lineMatch(shot image.Image, area image.Rectangle, ink inkColour, bold bool, text, other string, size float64) (bool, string) {
	var how strings.Builder
	for _, band := range inkLines(shot, area, ink, int(size/3)) {
		iou, at := faceMatch(shot, band, ink, bold, text, size)
		wrong, _ := faceMatch(shot, band, ink, bold, other, size)
		fmt.Fprintf(&how, "%s on the line at %v: overlap %.2f; as %s %.2f\n", text, at, iou, other, wrong)
		if iou >= 0.6 && wrong < iou-0.15 {
			return true, how.String()
		}
	}
	return false, how.String()
}

// inkLines are the bands of area holding a line of ink each: rows with
// ink, gaps up to gap rows within a line.
func inkLines(shot image.Image, area image.Rectangle, ink inkColour, gap int) []image.Rectangle {
	area = area.Intersect(shot.Bounds())
	var out []image.Rectangle
	top, last := -1, -1
	for y := area.Min.Y; y < area.Max.Y; y++ {
		has := false
		for x := area.Min.X; x < area.Max.X && !has; x++ {
			has = ink.is(shot.At(x, y))
		}
		switch {
		case has && top < 0:
			top, last = y, y
		case has:
			last = y
		case top >= 0 && y-last > gap:
			out = append(out, image.Rect(area.Min.X, top-2, area.Max.X, last+3).Intersect(area))
			top = -1
		}
	}
	if top >= 0 {
		out = append(out, image.Rect(area.Min.X, top-2, area.Max.X, last+3).Intersect(area))
	}
	return out
}

// faceMatch is labelMatch in the bundled regular or bold face, comparing
// from the left end of the ink: a line of body text starts at the left.
func faceMatch(shot image.Image, area image.Rectangle, ink inkColour, bold bool, text string, size float64) (float64, image.Rectangle) {
	got := mask(area.Size(), func(x, y int) bool { return ink.is(shot.At(area.Min.X+x, area.Min.Y+y)) })
	n := len([]rune(text))
	want := faceMask(bold, text, size, image.Pt(int(size*float64(n+1)), int(size*2)), int(size*1.4), ink.least)
	gb, wb := bounds(got), bounds(want)
	if gb.Empty() || wb.Empty() {
		return 0, gb.Add(area.Min)
	}
	right := min(gb.Max.X, gb.Min.X+wb.Dx()+3)
	cut := mask(image.Pt(right, area.Dy()), func(x, y int) bool { return got.at(x, y) })
	return inkMatch(cut, want), bounds(cut).Add(area.Min)
}

// faceMask is textMask in the regular face, or the bold.
func faceMask(bold bool, text string, size float64, canvas image.Point, baseline int, least uint8) bitmap {
	if bold {
		return textMask(text, size, canvas, baseline, least)
	}
	ink := image.NewAlpha(image.Rectangle{Max: canvas})
	if otf, err := opentype.Parse(assets.FontRegular()); err == nil {
		if face, err := opentype.NewFace(otf, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone}); err == nil {
			dr := font.Drawer{Dst: ink, Src: image.Opaque, Face: face, Dot: fixed.P(0, baseline)}
			dr.DrawString(text)
		}
	}
	return mask(canvas, func(x, y int) bool { return ink.AlphaAt(x, y).A > least })
}
