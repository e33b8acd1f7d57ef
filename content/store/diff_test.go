package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content"
)

// diffBase is the installed version the cases change: stories with covers
// and pictures, tables, a quiz, a tea set and a puzzle, a window.
func diffBase(tb testing.TB, version int) *content.Package {
	tb.Helper()
	p := buildPackage(tb, pkgSpec{ID: "village", Version: 1, Seed: 7, Stories: 4, Disclosures: 2, Rows: 5, Images: 3, Audio: 1, Quizzes: 1,
		Window: content.Window{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}})
	p.Version = version
	p.TeaSets = []content.TeaSet{{ID: "teas", File: "teas/teas.yaml", Title: "七味茶", Pairs: []content.TeaPair{
		{Tea: "清茶", Saying: "清清白白做人"}, {Tea: "苦丁", Saying: "先苦后甜"}, {Tea: "绿茶", Saying: "干干净净做事"}}}}
	p.Puzzles = []content.Puzzle{{ID: "fans", File: "puzzles/fans.yaml", Title: "团扇", Image: p.Media[2].Path}}
	return p
}

func itemKeys(items []content.Item) string {
	var keys []string
	for _, it := range items {
		keys = append(keys, string(it.Kind)+"/"+it.ID)
	}
	return strings.Join(keys, " ")
}

func TestChangesOfANewVersion(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name                    string
		change                  func(p *content.Package)
		added, changed, removed string
	}{
		{"same content again", func(*content.Package) {}, "", "", ""},
		{"a story removed", func(p *content.Package) { p.Stories = slices.Delete(p.Stories, 1, 2) }, "", "", "story/story01"},
		{"a story added", func(p *content.Package) {
			p.Stories = append(p.Stories, content.Story{ID: "new", File: "stories/new.md", Title: "新故事", Category: p.Stories[0].Category, Body: "新"})
		}, "story/new", "", ""},
		{"a story's text", func(p *content.Package) { p.Stories[2].Body += "又一段。\n" }, "", "story/story02", ""},
		{"a story's category", func(p *content.Package) { p.Stories[3].Category = p.Stories[0].Category }, "", "story/story03", ""},
		{"a story's own window", func(p *content.Package) {
			p.Stories[0].Window.Until = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		}, "", "story/story00", ""},
		// media/photo001.jpg is story00's and story03's picture and
		// story01's cover; nothing else refers to it.
		{"a picture's bytes under the same name", func(p *content.Package) {
			img, th := sampleJPEGs(t)
			p.Media[1] = mediaOf(p.Media[1].Path, content.Image, "jpeg", varyJPEG(img, "retaken"), th, 800, 600)
		}, "", "story/story00 story/story01 story/story03", ""},
		{"a table's cell", func(p *content.Package) { p.Disclosures[1].Rows[3].Cells[1] = "改过的摘要" }, "", "disclosure/finance01", ""},
		{"a table's last row gone", func(p *content.Package) { p.Disclosures[0].Rows = p.Disclosures[0].Rows[:4] }, "", "disclosure/finance00", ""},
		{"a table's unit", func(p *content.Package) { p.Disclosures[0].Unit = "清风村监委会" }, "", "disclosure/finance00", ""},
		{"a quiz answer", func(p *content.Package) { p.Quizzes[0].Questions[2].Answer = 3 }, "", "quiz/quiz0", ""},
		{"a tea saying", func(p *content.Package) { p.TeaSets[0].Pairs[1].Saying = "苦尽甘来" }, "", "tea-set/teas", ""},
		{"a puzzle's grid", func(p *content.Package) { p.Puzzles[0].Rows, p.Puzzles[0].Cols = 3, 4 }, "", "puzzle/fans", ""},
		{"the package's window narrows every item", func(p *content.Package) {
			p.Window.From = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		}, "", "story/story00 story/story01 story/story02 story/story03 disclosure/finance00 disclosure/finance01 tea-set/teas puzzle/fans", ""},
		{"everything but one table removed", func(p *content.Package) {
			p.Stories, p.Quizzes, p.TeaSets, p.Puzzles = nil, nil, nil, nil
			p.Disclosures = p.Disclosures[1:]
		}, "", "", "story/story00 story/story01 story/story02 story/story03 disclosure/finance00 quiz/quiz0 tea-set/teas puzzle/fans"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t, "")
			mustInstall(t, s, diffBase(t, 1))
			next := diffBase(t, 2)
			tc.change(next)
			got, err := s.Changes(ctx, next)
			if err != nil {
				t.Fatal(err)
			}
			if a, c, r := itemKeys(got.Added), itemKeys(got.Changed), itemKeys(got.Removed); a != tc.added || c != tc.changed || r != tc.removed {
				t.Errorf("added %q changed %q removed %q\nwant  %q        %q         %q", a, c, r, tc.added, tc.changed, tc.removed)
			}
			// Once installed, the same version shows no change: both sides
			// are summed up alike, field by field.
			mustInstall(t, s, next)
			again, err := s.Changes(ctx, next)
			if err != nil || !again.Empty() {
				t.Errorf("after installing it, the same version still shows %+v (%v)", again, err)
			}
		})
	}
}

func TestChangesWithNothingInstalled(t *testing.T) {
	s := openStore(t, "")
	p := diffBase(t, 1)
	got, err := s.Changes(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	want := "story/story00 story/story01 story/story02 story/story03 disclosure/finance00 disclosure/finance01 quiz/quiz0 tea-set/teas puzzle/fans"
	if itemKeys(got.Added) != want || len(got.Changed)+len(got.Removed) != 0 {
		t.Errorf("with nothing installed: %+v", got)
	}
	if got.Added[0].String() != "故事《"+p.Stories[0].Title+"》" {
		t.Errorf("an item reads %q", got.Added[0].String())
	}
}

// BenchmarkChanges: what the report's list costs an import that replaces
// a large package (stories, and tables of many rows read back whole).
func BenchmarkChanges(b *testing.B) {
	s := openStore(b, "")
	sp := pkgSpec{ID: "big", Version: 1, Seed: 3, Stories: 200, Disclosures: 20, Rows: 5000, Images: 20, ImageBytes: 1024, Quizzes: 5}
	mustInstall(b, s, buildPackage(b, sp))
	next := buildPackage(b, sp)
	next.Version = 2
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Changes(context.Background(), next); err != nil {
			b.Fatal(err)
		}
	}
}
