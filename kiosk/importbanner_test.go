package kiosk

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

var (
	newsImported = ImportNews{Name: "清风村2026春", Title: "清风村2026年春季内容", Imported: true,
		Added:   []string{"故事《老支书的印章》", "公示《2026年第一季度财务收支》"},
		Changed: []string{"故事《清厢茶馆》"},
		Removed: []string{"故事《村规民约》", "答题《清廉知识问答》", "拼图《团扇》", "七味茶《七味茶》"}}
	newsRefused = ImportNews{Name: "清风村2026夏.zip", Title: "清风村2026年夏季内容", Reason: "内容包有错误，没有导入",
		Problems: []string{
			"故事/老支书.docx: 错误: 图片 media/印章.jpg 找不到",
			"公示/2026年第二季度.xlsx:7: 错误: 第7行 C列“金额”不是数字：“一千二”",
			"stories/a.md:3: 错误: 分类“廉洁故事”不在本展示屏的分类里（可用：清廉阵地、家风家训、以案说纪）",
			"quizzes/q.yaml:9: 错误: 答案写 E，只有 A–D",
		}, More: 2}
)

func TestGoldenImportBanner(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r := newRig(t, size)
		r.k.ImportStarted("清风村2026春")
		r.k.Progress("检查图片和音频", 12, 40)
		golden(t, r.w, "banner_progress")
		r.k.ImportFinished(newsImported)
		golden(t, r.w, "banner_imported")
		r.k.DismissBanner()
		r.idle(2 * time.Minute) // staff plug in while the attract loop plays
		r.k.ImportStarted(newsRefused.Name)
		r.k.ImportFinished(newsRefused)
		golden(t, r.w, "banner_refused")
	})
}

func (r *rig) bannerSays(text string) bool {
	return slices.ContainsFunc(r.k.Banner(), func(l string) bool { return strings.Contains(l, text) }) && r.showing(text)
}

// The banner comes over whatever is on the screen, and leaves it as it
// was: a tap on it only takes it down, and after a while it goes by itself.
func TestImportBannerOverEveryScreen(t *testing.T) {
	for _, tc := range []struct {
		name   string
		screen string
		reach  func(t *testing.T, r *rig)
	}{
		{"home", "home", func(*testing.T, *rig) {}},
		{"a story", "story", func(t *testing.T, r *rig) {
			test.Tap(r.cardWith(t, TileStories))
			test.Tap(r.cardWith(t, "清厢茶馆"))
		}},
		{"the attract loop", "attract", func(t *testing.T, r *rig) { r.idle(2 * time.Minute) }},
	} {
		for _, dismiss := range []string{"tap", "time"} {
			t.Run(tc.name+" until "+dismiss, func(t *testing.T) {
				r := newRig(t, landscape)
				tc.reach(t, r)
				r.expect(t, tc.screen)
				r.k.ImportStarted("村务.zip")
				r.k.Progress("检查图片和音频", 3, 9)
				if !r.bannerSays("正在导入：村务.zip") || !r.bannerSays("检查图片和音频：3/9") || r.k.Notice() != "" {
					t.Fatalf("progress: banner %q, notice %q", r.k.Banner(), r.k.Notice())
				}
				r.k.ImportFinished(newsRefused)
				r.k.Imported() // what the shell is told after any import: no notice under the banner
				if !r.bannerSays("没有导入：清风村2026夏.zip") || !r.bannerSays("详见U盘上的导入报告") ||
					!r.bannerSays("公示/2026年第二季度.xlsx:7:") || r.bannerSays("quizzes/q.yaml:9") || !r.bannerSays("还有 3 个问题") {
					t.Fatalf("the refusal shows %q", r.k.Banner())
				}
				r.expect(t, tc.screen)
				switch dismiss {
				case "tap":
					r.clock.Add(bannerShown / 2)
					r.k.Tick()
					if r.k.Banner() == nil {
						t.Fatal("the banner went before its time")
					}
					r.tapAnywhere()
				case "time":
					r.clock.Add(bannerShown)
					r.k.Tick()
				}
				if r.k.Banner() != nil || r.showing("详见U盘上的导入报告") {
					t.Fatalf("still shown after the %s: %q", dismiss, r.k.Banner())
				}
				r.expect(t, tc.screen) // the tap was the banner's, not the screen's
			})
		}
	}
}

// Staff who bring a stick after hours see the result: the dark closed
// screen lights up for the banner and goes dark again after it.
func TestImportBannerLightsTheClosedScreen(t *testing.T) {
	r, display, _ := closingRig(t, landscape)
	r.clock.Add(9 * time.Hour) // 19:00
	r.idle(2 * time.Minute)
	r.clock.Add(closedAwake)
	r.k.Tick()
	if !r.k.ScreenDark() {
		t.Fatal("the closed screen should be dark by now")
	}
	r.k.ImportStarted("清风村2026春")
	if r.k.ScreenDark() || !slices.Equal(display.calls, []bool{false, true}) {
		t.Fatalf("the banner must switch the display on: calls %v", display.calls)
	}
	r.clock.Add(40 * time.Second) // a long import: still lit
	r.k.Tick()
	r.k.ImportFinished(newsImported)
	r.clock.Add(bannerShown - time.Second)
	r.k.Tick()
	if r.k.ScreenDark() || !r.bannerSays("导入成功：清风村2026春") || !r.bannerSays("删除4项：故事《村规民约》、答题《清廉知识问答》、拼图《团扇》 等4项") {
		t.Fatalf("the result must stay lit for its time: dark %v, banner %q", r.k.ScreenDark(), r.k.Banner())
	}
	r.clock.Add(time.Second)
	r.k.Tick()
	r.expect(t, "closed")
	if r.k.Banner() != nil || !r.k.ScreenDark() {
		t.Fatalf("after the banner: banner %q, dark %v", r.k.Banner(), r.k.ScreenDark())
	}
}

// A package found still arriving gets no result now: its progress banner
// does not stay forever.
func TestImportBannerInProgressGoesWhenNothingMoves(t *testing.T) {
	r := newRig(t, landscape, func(c *Config, _ *Sources) { c.IdleAfter = time.Hour })
	r.k.ImportStarted("半截.zip")
	r.clock.Add(bannerStale - time.Second)
	r.k.Progress("检查图片和音频", 1, 2) // news keeps it
	r.k.Tick()
	r.clock.Add(bannerStale - time.Second)
	r.k.Tick()
	if r.k.Banner() == nil {
		t.Fatal("the banner went while the import was still moving")
	}
	r.clock.Add(time.Second)
	r.k.Tick()
	if r.k.Banner() != nil {
		t.Fatalf("a stalled progress banner stays: %q", r.k.Banner())
	}
	// Without a banner, progress is the small notice it always was.
	r.k.Progress("检查图片和音频", 1, 2)
	if r.k.Notice() == "" {
		t.Error("progress of an import nobody brought should show the notice")
	}
}

// A stick with several packages: each banner replaces the last, and the
// last one still says how the earlier ones went.
func TestImportBannerKeepsTheBatch(t *testing.T) {
	r := newRig(t, landscape)
	r.k.ImportStarted("清风村2026春")
	r.k.ImportFinished(newsImported)
	r.k.ImportStarted("清风村2026夏.zip")
	if !r.bannerSays("这一批已经完成：清风村2026春 导入成功") {
		t.Errorf("the second package's progress: %q", r.k.Banner())
	}
	r.k.ImportFinished(newsRefused)
	if !r.bannerSays("没有导入：清风村2026夏.zip") || !r.bannerSays("这一批前面的：清风村2026春 导入成功") {
		t.Errorf("the second result: %q", r.k.Banner())
	}
	r.k.ImportStarted("第三个")
	r.k.ImportFinished(ImportNews{Name: "第三个", Imported: true, Summary: "故事 1 篇"})
	if !r.bannerSays("这一批前面的：清风村2026春 导入成功、清风村2026夏.zip 没有导入") {
		t.Errorf("the third result: %q", r.k.Banner())
	}
	// Once the banner has gone, the next stick is a new batch.
	r.tapAnywhere()
	r.k.ImportStarted("下一次")
	r.k.ImportFinished(ImportNews{Name: "下一次", Imported: true, Summary: "故事 1 篇"})
	if slices.ContainsFunc(r.k.Banner(), func(l string) bool { return strings.Contains(l, "这一批") }) {
		t.Errorf("a new batch after the banner went: %q", r.k.Banner())
	}
}

// A stick plugged in while a visitor plays an exhibit: the exhibit's own
// window is in front, so the result waits under it however long the
// exhibit lasts, and is on screen its full time from the exhibit's end.
func TestImportBannerWaitsForTheExhibit(t *testing.T) {
	r, shelf := exhibitsRig(t, landscape)
	r.openExhibit(t, "七味茶")
	run := shelf.runs[0]
	run.show()
	r.k.Tick()
	r.k.ImportStarted("清风村2026夏.zip")
	r.k.ImportFinished(newsRefused)
	for range 3 {
		r.clock.Add(time.Minute)
		r.k.Tick()
	}
	if r.k.Banner() == nil {
		t.Fatal("the result went while the exhibit was in front of it")
	}
	run.end(ExhibitResult{})
	r.k.Tick()
	r.expect(t, "exhibits")
	r.clock.Add(bannerShown - time.Second)
	r.k.Tick()
	if !r.bannerSays("没有导入：清风村2026夏.zip") {
		t.Fatalf("after the exhibit the banner shows %q, want the result for its full time", r.k.Banner())
	}
	r.clock.Add(2 * time.Second)
	r.k.Tick()
	if r.k.Banner() != nil {
		t.Fatalf("still shown past its time: %q", r.k.Banner())
	}
}

// A package named with 250 characters (a folder on a FAT stick may have as
// many) is cut on the progress banner as on the result: drawn whole, its
// title shrank to a line too small to read.
func TestImportBannerCutsALongName(t *testing.T) {
	r := newRig(t, landscape)
	name := strings.Repeat("清风村村务公开", 36)
	r.k.ImportStarted(name)
	if b := r.k.Banner(); len(b) == 0 || len([]rune(b[0])) > bannerRunes || !strings.HasPrefix(b[0], "正在导入：清风村") {
		t.Errorf("the progress banner's title is %d characters: %q", len([]rune(b[0])), b)
	}
	r.k.ImportFinished(ImportNews{Name: name, Imported: true, Summary: "故事 1 篇"})
	if b := r.k.Banner(); len([]rune(b[0])) > bannerRunes {
		t.Errorf("the result banner's title is %d characters", len([]rune(b[0])))
	}
}

// On a short panel (1366×768) a refusal names one problem, counts the
// others, and still says the screen is unchanged and where the report is:
// with three long problems that line fell off the card.
func TestImportBannerOnAShortPanel(t *testing.T) {
	r := newRig(t, fyne.NewSize(1366, 768))
	r.k.ImportStarted(newsRefused.Name)
	r.k.ImportFinished(newsRefused)
	if !r.bannerSays(newsRefused.Problems[0]) || r.bannerSays(newsRefused.Problems[1]) {
		t.Fatalf("want only the first problem named: %q", r.k.Banner())
	}
	if want := fmt.Sprintf("还有 %d 个问题", newsRefused.More+len(newsRefused.Problems)-1); !r.bannerSays(want) || !r.bannerSays("详见U盘上的导入报告") {
		t.Fatalf("want %q and the report's place: %q", want, r.k.Banner())
	}
	r.tapAnywhere()
	r.k.ImportFinished(newsImported)
	if r.bannerSays("《"+newsImported.Title+"》") || !r.bannerSays("删除4项：故事《村规民约》 等4项") || !r.bannerSays("展示内容已经更新") {
		t.Fatalf("an import on a short panel: want one name a list and no title line: %q", r.k.Banner())
	}
}
