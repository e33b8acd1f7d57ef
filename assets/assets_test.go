package assets

import (
	"context"
	"testing"

	"qingfeng/content/parse"
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
