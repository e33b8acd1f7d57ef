package kiosk

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// buttonTexts are the labels of the buttons on screen, in drawing order.
func (r *rig) buttonTexts() []string {
	var out []string
	walk(r.w.Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b.Text)
		}
		return false
	})
	return out
}

// The category tabs are the config's, in its order: a story category
// only where stories have it, every disclosure category.
func TestConfiguredCategoryTabs(t *testing.T) {
	r := newRig(t, landscape, func(c *Config, _ *Sources) {
		c.StoryCategories = []string{"清廉村居", "清廉阵地", "廉史人物"}
		c.DisclosureCategories = []string{"村务", "财务"}
	})
	test.Tap(r.cardWith(t, TileStories))
	r.expect(t, "stories")
	got := r.buttonTexts()
	at := func(label string) int { return slices.Index(got, label) }
	if at("清廉阵地") < 0 || at("廉史人物") < 0 || at("清廉阵地") > at("廉史人物") {
		t.Errorf("story tabs %v: want 清廉阵地 before 廉史人物, as configured", got)
	}
	test.Tap(r.button(t, "首页"))
	test.Tap(r.cardWith(t, TileDisclosures))
	r.expect(t, "disclosures")
	got = r.buttonTexts()
	// The configured ones in their order, then those installed tables
	// still have though the config no longer lists them (sorted), so no
	// table is reachable only under 全部; no tab for a default category
	// nothing has.
	cards, err := r.k.src.Disclosures.Disclosures(r.k.ctx, r.k.clock.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, d := range cards {
		if d.Category != "村务" && d.Category != "财务" && !slices.Contains(extra, d.Category) {
			extra = append(extra, d.Category)
		}
	}
	slices.Sort(extra)
	if len(extra) == 0 {
		t.Fatal("the rig's tables are all in configured categories: the test shows nothing")
	}
	want := append([]string{"村务", "财务"}, extra...)
	if all, back := at("全部"), at("返回"); all < 0 || back < all || !slices.Equal(got[all+1:back], want) {
		t.Errorf("disclosure tabs %v: want 全部, then %v", got, want)
	}
	test.Tap(r.button(t, extra[0]))
	for _, d := range cards {
		if shown := r.showing(d.Title); shown != (d.Category == extra[0]) {
			t.Errorf("under the tab %s the table %s (%s) shown: %v", extra[0], d.Title, d.Category, shown)
		}
	}
}
