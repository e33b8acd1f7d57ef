package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingfeng/content"
)

// categories: in the config are the kiosk's own, replacing the defaults,
// and reach what reads packages; a list the screen cannot show is refused.
func TestConfigCategories(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qingfeng.yaml")
	write := func(tb testing.TB, body string) {
		tb.Helper()
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write(t, "site:\n  id: qingfeng-cun\n")
	c, err := loadConfig(p, true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Categories.Stories, content.StoryCategories) || !slices.Equal(c.Categories.Disclosures, content.DisclosureCategories) {
		t.Errorf("defaults: %+v", c.Categories)
	}
	write(t, "site:\n  id: qingfeng-cun\ncategories:\n  stories: [村史, 好人好事]\n  disclosures: [村务]\n")
	if c, err = loadConfig(p, true); err != nil {
		t.Fatal(err)
	}
	o := (&app{cfg: c}).parseOptions()
	if !slices.Equal(o.StoryCategories, []string{"村史", "好人好事"}) || !slices.Equal(o.DisclosureCategories, []string{"村务"}) || o.Site != "qingfeng-cun" {
		t.Errorf("parse options: site %q, stories %v, disclosures %v", o.Site, o.StoryCategories, o.DisclosureCategories)
	}
	for body, says := range map[string]string{
		"categories:\n  stories: []\n":                                      "categories.stories: the list is empty",
		"categories:\n  disclosures: [村务, 村务]\n":                            "listed twice",
		"categories:\n  stories: [清廉文化建设示范点展示]\n":                           "longer than",
		"categories:\n  stories: [村务/财务]\n":                                 "folder's name",
		"categories:\n  stories: [\" 村史\"]\n":                               "spaces",
		"categories:\n  stories: [a, b, c, d, e, f, g, h, i, j, k, l, m]\n": "at most",
	} {
		write(t, body)
		if _, err := loadConfig(p, true); err == nil || !strings.Contains(err.Error(), says) {
			t.Errorf("config %q: error %v, want one saying %q", body, err, says)
		}
	}
}
