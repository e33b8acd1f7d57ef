package store

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"qingfeng/content"
)

func exhibitPackage(tb testing.TB, version int, win content.Window, teaSets []content.TeaSet, puzzles []content.Puzzle) *content.Package {
	tb.Helper()
	img, thumb := sampleJPEGs(tb)
	return &content.Package{
		ID: "exhibits", Title: "互动展项", Version: version, Window: win,
		TeaSets: teaSets, Puzzles: puzzles,
		Media: []content.Media{mediaOf("media/fans.jpg", content.Image, "jpeg", img, thumb, 64, 48)},
	}
}

func TestTeaSetsAndPuzzlesRoundTrip(t *testing.T) {
	ctx := context.Background()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	s := openStore(t, "")
	pairs := []content.TeaPair{{Tea: "金银花茶", Saying: "做人只守一份清白。"}, {Tea: "莲心茶", Saying: "守得住清苦，才守得住初心。"}}
	v1 := exhibitPackage(t, 1, content.Window{From: day(2, 1), Until: day(12, 1)},
		[]content.TeaSet{
			{ID: "qiwei", File: "teas/qiwei.yaml", Title: "七味茶", Footnote: "示例茶语", Pairs: pairs},
			{ID: "spring", File: "teas/spring.yaml", Title: "春茶", Pairs: pairs[:1],
				Window: content.Window{From: day(3, 1), Until: day(6, 1)}},
		},
		[]content.Puzzle{
			{ID: "fans", File: "puzzles/fans.yaml", Title: "剪纸折扇", Image: "media/fans.jpg"},
			{ID: "grid", File: "puzzles/grid.yaml", Title: "三乘四", Image: "media/fans.jpg", Rows: 3, Cols: 4,
				Window: content.Window{Until: day(3, 1)}},
			{ID: "gone", File: "puzzles/gone.yaml", Title: "图已删", Image: "media/none.jpg"},
		})
	mustInstall(t, s, v1)

	for _, tc := range []struct {
		name    string
		now     time.Time
		teaSets []string
		puzzles []string
		next    time.Time
	}{
		{"before the package", day(1, 1), nil, nil, day(2, 1)},
		{"package opens", day(2, 1), []string{"qiwei"}, []string{"fans", "grid", "gone"}, day(3, 1)},
		{"spring", day(3, 1), []string{"qiwei", "spring"}, []string{"fans", "gone"}, day(6, 1)},
		{"summer", day(6, 1), []string{"qiwei"}, []string{"fans", "gone"}, day(12, 1)},
		{"package closed", day(12, 1), nil, nil, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sets, err := s.TeaSets(ctx, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, ts := range sets {
				ids = append(ids, ts.ID)
			}
			if !slices.Equal(ids, tc.teaSets) {
				t.Errorf("tea sets = %v, want %v", ids, tc.teaSets)
			}
			pzs, err := s.Puzzles(ctx, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			ids = nil
			for _, p := range pzs {
				ids = append(ids, p.ID)
			}
			if !slices.Equal(ids, tc.puzzles) {
				t.Errorf("puzzles = %v, want %v", ids, tc.puzzles)
			}
			next, ok, err := s.NextChange(ctx, tc.now)
			if err != nil || ok != !tc.next.IsZero() || !next.Equal(tc.next) {
				t.Errorf("NextChange = %v, %v, %v; want %v", next, ok, err, tc.next)
			}
		})
	}

	sets, err := s.TeaSets(ctx, day(4, 1))
	if err != nil || len(sets) != 2 {
		t.Fatalf("TeaSets = %+v, %v", sets, err)
	}
	if got := sets[0]; got.PackageID != "exhibits" || got.Title != "七味茶" || got.Footnote != "示例茶语" ||
		!slices.Equal(got.Pairs, pairs) || !got.Window.From.Equal(day(2, 1)) || !got.Window.Until.Equal(day(12, 1)) {
		t.Errorf("qiwei = %+v", got)
	}
	if got := sets[1]; !slices.Equal(got.Pairs, pairs[:1]) || !got.Window.From.Equal(day(3, 1)) || !got.Window.Until.Equal(day(6, 1)) {
		t.Errorf("spring = %+v (window should be the set's, inside the package's)", got)
	}

	pzs, err := s.Puzzles(ctx, day(2, 15))
	if err != nil || len(pzs) != 3 {
		t.Fatalf("Puzzles = %+v, %v", pzs, err)
	}
	fans, grid, gone := pzs[0], pzs[1], pzs[2]
	if fans.ImageSHA != v1.Media[0].SHA256 || fans.ImageThumbSHA == "" || fans.Rows != 0 || fans.Cols != 0 {
		t.Errorf("fans = %+v", fans)
	}
	if _, err := os.Stat(s.MediaPath(fans.ImageSHA)); err != nil {
		t.Errorf("puzzle image blob: %v", err)
	}
	if _, err := os.Stat(s.MediaPath(fans.ImageThumbSHA)); err != nil {
		t.Errorf("puzzle thumbnail blob: %v", err)
	}
	if grid.Rows != 3 || grid.Cols != 4 || grid.Image != "media/fans.jpg" {
		t.Errorf("grid = %+v", grid)
	}
	if gone.ImageSHA != "" || gone.ImageThumbSHA != "" {
		t.Errorf("a puzzle whose image is not stored must have no digest: %+v", gone)
	}

	pkgs, err := s.Packages(ctx)
	if err != nil || len(pkgs) != 1 || pkgs[0].TeaSets != 2 || pkgs[0].Puzzles != 3 {
		t.Fatalf("Packages = %+v, %v", pkgs, err)
	}

	// A newer version replaces every tea set and puzzle; an older one is refused.
	v2 := exhibitPackage(t, 2, content.Window{},
		[]content.TeaSet{{ID: "new", File: "teas/new.yaml", Title: "新茶", Pairs: pairs[1:]}}, nil)
	mustInstall(t, s, v2)
	sets, err = s.TeaSets(ctx, day(4, 1))
	if err != nil || len(sets) != 1 || sets[0].ID != "new" || !slices.Equal(sets[0].Pairs, pairs[1:]) {
		t.Errorf("after v2, TeaSets = %+v, %v", sets, err)
	}
	if pzs, err := s.Puzzles(ctx, day(4, 1)); err != nil || len(pzs) != 0 {
		t.Errorf("after v2, Puzzles = %+v, %v", pzs, err)
	}
	if pkgs, err := s.Packages(ctx); err != nil || pkgs[0].TeaSets != 1 || pkgs[0].Puzzles != 0 {
		t.Errorf("after v2, Packages = %+v, %v", pkgs, err)
	}
	if err := s.Install(ctx, v1); !errors.Is(err, ErrNotNewer) {
		t.Errorf("reinstalling v1: %v, want ErrNotNewer", err)
	}
	if sets, err := s.TeaSets(ctx, day(4, 1)); err != nil || len(sets) != 1 || sets[0].ID != "new" {
		t.Errorf("a refused install changed tea sets: %+v, %v", sets, err)
	}
}
