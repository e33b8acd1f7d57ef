package assets

import (
	"context"
	"testing"

	"qingfeng/content"
	"qingfeng/content/parse"
	"qingfeng/exhibits/teas"
)

// The bundled demo is what a new kiosk shows: it must be spotless, without
// even a warning.
func TestDemoPackageIsClean(t *testing.T) {
	src, err := parse.FromFS("demo", Demo())
	if err != nil {
		t.Fatal(err)
	}
	pkg, ps := parse.Read(context.Background(), src, parse.Options{Thumbnails: true})
	if len(ps) != 0 {
		t.Fatalf("demo package has problems:\n%v", ps)
	}
	if len(pkg.Stories) < 8 || len(pkg.Disclosures) < 6 || len(pkg.Quizzes) < 1 {
		t.Fatalf("demo package is thin: %d stories, %d disclosures, %d quizzes", len(pkg.Stories), len(pkg.Disclosures), len(pkg.Quizzes))
	}
	featured := 0
	for _, s := range pkg.Stories {
		if s.Featured {
			featured++
		}
		if s.Cover == "" {
			t.Errorf("story %s has no cover", s.ID)
		}
	}
	if featured == 0 {
		t.Error("no featured story for the carousel")
	}
}

// The demo's 七味茶 file is the exhibit's built-in set: the same seven pairs
// in the same order, with the same note on where they come from.
func TestDemoTeaSetMatchesExhibit(t *testing.T) {
	src, err := parse.FromFS("demo", Demo())
	if err != nil {
		t.Fatal(err)
	}
	pkg, ps := parse.Read(context.Background(), src, parse.Options{})
	if ps.HasErrors() {
		t.Fatalf("demo package has errors:\n%v", ps)
	}
	if len(pkg.TeaSets) != 1 {
		t.Fatalf("demo has %d tea sets, want 1", len(pkg.TeaSets))
	}
	set := pkg.TeaSets[0]
	if set.Footnote != teas.DemoFootnote {
		t.Errorf("footnote = %q, want %q", set.Footnote, teas.DemoFootnote)
	}
	want := teas.DemoTeaPairs()
	if len(set.Pairs) != len(want) {
		t.Fatalf("%d pairs, want %d", len(set.Pairs), len(want))
	}
	for i, p := range want {
		if got := set.Pairs[i]; got != (content.TeaPair{Tea: p.Tea, Saying: p.Saying}) {
			t.Errorf("pair %d = %+v, want %+v", i+1, got, p)
		}
	}
	if len(pkg.Puzzles) != 1 {
		t.Fatalf("demo has %d puzzles, want 1", len(pkg.Puzzles))
	}
	if pz := pkg.Puzzles[0]; pz.Image != "media/papercut-fans.png" || pz.Rows != 0 || pz.Cols != 0 {
		t.Errorf("puzzle = %+v, want media/papercut-fans.png with rows/cols left to the exhibit", pz)
	}
}
