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
	if all, back := at("全部"), at("返回"); all < 0 || back < all || !slices.Equal(got[all+1:back], []string{"村务", "财务"}) {
		t.Errorf("disclosure tabs %v: want 全部, 村务, 财务 (no default like 食堂)", got)
	}
}
