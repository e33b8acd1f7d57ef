package kiosk

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"qingfeng/kiosk/widgets"
)

type fakeStaff struct {
	pin     string
	checked []string
	acts    []StaffAction
	during  func() // called within Act, as the desk's import tells the screens
}

func (f *fakeStaff) CheckPIN(pin string) bool {
	f.checked = append(f.checked, pin)
	return pin == f.pin
}

func (f *fakeStaff) Overview(context.Context) (StaffOverview, error) {
	t := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return StaffOverview{
		Packages: []StaffPackage{{ID: "xiaoshan-demo", Title: "萧山清廉示例", Version: 3, Installed: t, Items: 28}},
		Imports: []StaffImport{
			{At: t, Source: "village.zip", Package: "village", Version: 2, OK: false, Report: "stories/a.md:4: 错误: 分类“新闻”不认识\n第二行\n第三行\n第四行"},
			{At: t.Add(-time.Hour), Source: "xiaoshan-demo", Package: "xiaoshan-demo", Version: 3, OK: true},
		},
		Opinions: 12, Held: 1, Status: "版本 v1.2　已运行 3 天 4 小时　剩余空间 51 GB",
		Usage: StaffUsage{
			Summary:  "近 7 天：来访 41 人次，浏览 230 页，互动展项玩了 17 次",
			Days:     []string{"2/23", "2/24", "2/25", "2/26", "2/27", "2/28", "3/1"},
			Visits:   []float64{3, 8, 5, 0, 9, 12, 4},
			Pages:    []float64{15, 44, 30, 0, 51, 66, 24},
			Top:      []string{"清厢茶馆：七味茶里的廉洁味", "示例村2022年财务收支", "智慧印章"},
			TopViews: []float64{21, 14, 6},
			Hours:    [24]float64{8: 4, 9: 12, 10: 20, 11: 9, 14: 7, 15: 16, 16: 11, 17: 3},
		},
	}, nil
}

func (f *fakeStaff) Act(_ context.Context, action StaffAction) (string, error) {
	f.acts = append(f.acts, action)
	if f.during != nil {
		f.during()
	}
	return "已导出 12 条意见：/media/usb/意见.xlsx", nil
}

func staffRig(tb testing.TB, size fyne.Size) (*rig, *fakeStaff) {
	tb.Helper()
	f := &fakeStaff{pin: "2468"}
	return newRig(tb, size, func(_ *Config, s *Sources) { s.Staff = f }), f
}

// siteName is the site's name on Home, which hides the staff gesture.
func (r *rig) siteName(tb testing.TB) *card {
	tb.Helper()
	var found *card
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*card); ok && c.plain {
			found = c
			return true
		}
		return false
	})
	if found == nil {
		tb.Fatal("no site name to tap on Home")
	}
	return found
}

func (r *rig) typePIN(tb testing.TB, pin string) {
	tb.Helper()
	for _, d := range pin {
		test.Tap(r.button(tb, string(d)))
	}
	test.Tap(r.button(tb, "进入"))
}

func TestStaffGesture(t *testing.T) {
	r, _ := staffRig(t, landscape)
	// Four quick taps, or five spread over more than three seconds: nothing.
	for range 4 {
		test.Tap(r.siteName(t))
		r.clock.Add(500 * time.Millisecond)
	}
	r.clock.Add(2 * time.Second)
	test.Tap(r.siteName(t))
	r.expect(t, "home")
	// Five within three seconds.
	r.clock.Add(4 * time.Second)
	for range 5 {
		test.Tap(r.siteName(t))
		r.clock.Add(400 * time.Millisecond)
	}
	r.expect(t, "staff-pin")
}

// Without staff mode configured, the same taps open nothing.
func TestNoStaffMode(t *testing.T) {
	r := newRig(t, landscape)
	for range 5 {
		test.Tap(r.siteName(t))
	}
	r.expect(t, "home")
}

func TestStaffPINLockout(t *testing.T) {
	r, f := staffRig(t, landscape)
	r.k.push(r.k.staffPINScreen())
	for i := range staffFreeTries {
		r.typePIN(t, "1111")
		r.expect(t, "staff-pin")
		if r.k.staff.locked(r.clock.Now()) != 0 {
			t.Fatalf("locked after %d wrong PINs", i+1)
		}
	}
	r.typePIN(t, "1111") // one too many: 30 s
	if left := r.k.staff.locked(r.clock.Now()); left != staffLockFirst {
		t.Fatalf("locked for %v, want %v", left, staffLockFirst)
	}
	// While locked, even the right PIN is not tried.
	tried := len(f.checked)
	r.clock.Add(20 * time.Second)
	r.typePIN(t, "2468")
	r.expect(t, "staff-pin")
	if len(f.checked) != tried || !r.showing("秒后再试") {
		t.Fatal("a PIN was checked while the pad is locked, or the pad did not say so")
	}
	r.clock.Add(11 * time.Second)
	r.typePIN(t, "0000") // wrong again: the lock doubles
	if left := r.k.staff.locked(r.clock.Now()); left != 2*staffLockFirst {
		t.Fatalf("second lock %v, want %v", left, 2*staffLockFirst)
	}
	r.clock.Add(61 * time.Second)
	r.typePIN(t, "2468")
	r.expect(t, "staff")
	if r.k.staff.wrong != 0 {
		t.Error("the right PIN did not reset the count")
	}
}

func TestStaffLockGrowsToItsLimit(t *testing.T) {
	var g staffGate
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var locks []time.Duration
	for range 12 {
		g.failed(now)
		locks = append(locks, g.locked(now))
	}
	want := []time.Duration{0, 0, 30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, staffLockMax, staffLockMax}
	for i, w := range want {
		if i+1 < len(locks) && locks[i+1] != w {
			t.Errorf("after %d wrong PINs: locked %v, want %v", i+2, locks[i+1], w)
		}
	}
}

func TestStaffScreenExportsOpinions(t *testing.T) {
	inBothOrientations(t, func(t *testing.T, size fyne.Size, golden func(*testing.T, fyne.Window, string)) {
		r, f := staffRig(t, size)
		for range 5 {
			test.Tap(r.siteName(t))
		}
		golden(t, r.w, "staffpin")
		r.typePIN(t, "2468")
		r.expect(t, "staff")
		if !r.showing("萧山清廉示例") || !r.showing("共 12 条，其中待核查 1 条") || !r.showing("分类“新闻”不认识") {
			t.Fatal("the staff screen does not show the overview")
		}
		test.Tap(r.button(t, "导出意见到U盘"))
		if !slices.Equal(f.acts, []StaffAction{ExportOpinions}) || !r.showing("已导出 12 条意见") {
			t.Fatalf("export: acts %v", f.acts)
		}
		golden(t, r.w, "staff")
		// The statistics, charted further down.
		var charts []*widgets.BarChart
		walk(r.w.Content(), func(o fyne.CanvasObject) bool {
			if c, ok := o.(*widgets.BarChart); ok {
				charts = append(charts, c)
			}
			return false
		})
		if len(charts) != 3 || charts[0].Title != "每天来访" || len(charts[0].Series) != 2 || charts[1].Labels[0] != "清厢茶馆：七味茶里的廉洁味" ||
			charts[2].Series[0].Values[10] != 20 || !r.showing("近 7 天：来访 41 人次") {
			t.Fatalf("staff statistics: %d charts", len(charts))
		}
		r.scroller(t).ScrollToShow(charts[2])
		golden(t, r.w, "staffstats")
		test.Tap(r.button(t, "导出统计到U盘"))
		if !slices.Equal(f.acts, []StaffAction{ExportOpinions, ExportUsage}) {
			t.Fatalf("export statistics: acts %v", f.acts)
		}
		// Staff walk away: the idle timer ends staff mode like any visit.
		r.clock.Add(2 * time.Minute)
		r.k.Tick()
		r.expect(t, "attract")
	})
}

// Every staff action has its own button text and log name, and the staff
// screen offers exactly those buttons.
func TestStaffActionsHaveButtons(t *testing.T) {
	labels, names := map[string]bool{}, map[string]bool{}
	for _, a := range StaffActions {
		t.Run(a.String(), func(t *testing.T) {
			if a.Label() == "" || labels[a.Label()] || names[a.String()] || strings.HasPrefix(a.String(), "StaffAction(") {
				t.Fatalf("action %d: label %q name %q (empty or taken)", int(a), a.Label(), a.String())
			}
			labels[a.Label()], names[a.String()] = true, true
		})
	}
	if got := StaffAction(0).String(); got != "StaffAction(0)" {
		t.Errorf("the zero action is named %q", got)
	}
	r, f := staffRig(t, landscape)
	r.k.push(r.k.staffScreen())
	for _, a := range StaffActions {
		test.Tap(r.button(t, a.Label()))
	}
	if !slices.Equal(f.acts, StaffActions) {
		t.Fatalf("the buttons asked for %v, want %v", f.acts, StaffActions)
	}
}

// 与U盘同步 imports what the stick brings, which rebuilds the screens
// while the button's job still runs: what the job says shows all the same.
func TestStaffResultShowsAfterAnImportRebuilds(t *testing.T) {
	r, f := staffRig(t, landscape)
	r.k.push(r.k.staffScreen())
	f.during = func() { fyne.Do(r.k.Imported) }
	test.Tap(r.button(t, USBSync.Label()))
	if !slices.Equal(f.acts, []StaffAction{USBSync}) {
		t.Fatalf("acts %v", f.acts)
	}
	if !r.showing("已导出 12 条意见") {
		t.Fatal("the staff screen does not say what 与U盘同步 did once an import rebuilt it")
	}
}
