package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/internal/migrations"
)

func TestOpenPragmas(t *testing.T) {
	s := openStore(t, "")
	ctx := context.Background()
	for name, db := range map[string]*sql.DB{"reader": s.rdb, "writer": s.wdb} {
		t.Run(name, func(t *testing.T) {
			// Hold several connections at once so the pool has to open new
			// ones: every one of them must carry the pragmas.
			n := 3
			if db == s.wdb {
				n = 1
			}
			var conns []*sql.Conn
			for range n {
				c, err := db.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
			}
			for i, c := range conns {
				for _, p := range []struct{ pragma, want string }{
					{"journal_mode", "wal"},
					{"synchronous", "2"}, // FULL
					{"foreign_keys", "1"},
					{"busy_timeout", "5000"},
				} {
					var got string
					if err := c.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
						t.Fatal(err)
					}
					if got != p.want {
						t.Errorf("conn %d: PRAGMA %s = %s, want %s", i, p.pragma, got, p.want)
					}
				}
				c.Close()
			}
		})
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), DBFile)); err != nil {
		t.Errorf("database file: %v", err)
	}
}

func TestCheckWALRejectsOtherModes(t *testing.T) {
	// A database forced into rollback-journal mode must be refused: that is
	// what Open would see on a file system where WAL cannot work.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "x.db")+"?_journal_mode=DELETE")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := checkWAL(context.Background(), db); err == nil || !strings.Contains(err.Error(), "delete") {
		t.Fatalf("checkWAL on a DELETE-mode database = %v, want an error naming the mode", err)
	}
}

func countMigrations(tb testing.TB, db *sql.DB) map[int]int64 {
	tb.Helper()
	rows, err := db.Query(`SELECT version, applied_at FROM schema_migrations`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	got := map[int]int64{}
	for rows.Next() {
		var v int
		var at int64
		if err := rows.Scan(&v, &at); err != nil {
			tb.Fatal(err)
		}
		got[v] = at
	}
	return got
}

func TestMigrationsIdempotent(t *testing.T) {
	dir := t.TempDir()
	clock := &fixedClock{t: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	s := openStore(t, dir, WithNow(clock.Now))
	embedded, err := migrations.Load(migrationFS)
	if err != nil || len(embedded) == 0 {
		t.Fatalf("embedded migrations: %v, %d", err, len(embedded))
	}
	first := countMigrations(t, s.wdb)
	if len(first) != len(embedded) {
		t.Fatalf("applied %d migrations, have %d", len(first), len(embedded))
	}
	s.Close()

	clock.Set(clock.Now().Add(time.Hour))
	s = openStore(t, dir, WithNow(clock.Now))
	if again := countMigrations(t, s.wdb); !mapsEqual(first, again) {
		t.Fatalf("reopen changed schema_migrations: %v -> %v", first, again)
	}

	// A later migration is applied once, on top, and only once.
	// The embedded migrations keep their exact bytes: the archive is built
	// in Go, not parsed.
	later := &txtar.Archive{}
	for _, m := range embedded {
		later.Files = append(later.Files, txtar.File{Name: "migrations/" + m.Name, Data: []byte(m.SQL)})
	}
	later.Files = append(later.Files, txtar.File{Name: "migrations/9999_test.sql", Data: []byte(`CREATE TABLE extra (x INTEGER);`)})
	fsys, err := txtar.FS(later)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 2 {
		if err := migrate(ctx, s.wdb, fsys, clock.Now, s.log); err != nil {
			t.Fatalf("migrate #%d: %v", i+1, err)
		}
	}
	got := countMigrations(t, s.wdb)
	if len(got) != len(first)+1 || got[9999] != clock.Now().Unix() {
		t.Fatalf("after adding 9999: %v", got)
	}

	// The embedded set alone is now older than the database: refused.
	if err := migrate(ctx, s.wdb, migrationFS, clock.Now, s.log); err == nil {
		t.Fatal("migrating a newer database with older migrations succeeded")
	}
}

func mapsEqual(a, b map[int]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestInstallReplaceRefuse(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	spec := pkgSpec{ID: "village", Stories: 3, Disclosures: 2, Rows: 20, Images: 2, Audio: 1, Quizzes: 1}

	if _, ok, err := s.InstalledVersion(ctx, "village"); err != nil || ok {
		t.Fatalf("InstalledVersion before install: ok=%v err=%v", ok, err)
	}
	spec.Version = 3
	v3 := buildPackage(t, spec)
	mustInstall(t, s, v3)
	if got, want := dumpStore(t, s, now), dumpPackages(now, v3); got != want {
		t.Fatalf("after install:\n%s", diff(want, got))
	}

	for _, tc := range []struct {
		name    string
		version int
		wantErr error
	}{
		{"equal version", 3, ErrNotNewer},
		{"older version", 2, ErrNotNewer},
		{"much older", -1, ErrNotNewer},
		{"newer", 4, nil},
		{"refuse after replace", 4, ErrNotNewer},
		{"skip versions", 10, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dumpStore(t, s, now)
			sp := spec
			sp.Version = tc.version
			sp.Stories = 1 + tc.version%3
			p := buildPackage(t, sp)
			err := s.Install(ctx, p)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Install v%d = %v, want %v", tc.version, err, tc.wantErr)
			}
			v, ok, verr := s.InstalledVersion(ctx, "village")
			if verr != nil || !ok {
				t.Fatalf("InstalledVersion: ok=%v err=%v", ok, verr)
			}
			if tc.wantErr != nil {
				if after := dumpStore(t, s, now); after != before {
					t.Fatalf("refused install changed content:\n%s", diff(before, after))
				}
				return
			}
			if v != tc.version {
				t.Fatalf("InstalledVersion = %d, want %d", v, tc.version)
			}
			if got, want := dumpStore(t, s, now), dumpPackages(now, p); got != want {
				t.Fatalf("after replace:\n%s", diff(want, got))
			}
		})
	}

	// Another package lives beside it and is untouched by replacing the first.
	other := buildPackage(t, pkgSpec{ID: "county", Version: 1, Stories: 2, Disclosures: 1, Rows: 5, Images: 1})
	mustInstall(t, s, other)
	sp := spec
	sp.Version = 11
	v11 := buildPackage(t, sp)
	mustInstall(t, s, v11)
	if got, want := dumpStore(t, s, now), dumpPackages(now, other, v11); got != want {
		t.Fatalf("two packages:\n%s", diff(want, got))
	}
	pkgs, err := s.Packages(ctx)
	if err != nil || len(pkgs) != 2 || pkgs[0].ID != "county" || pkgs[1].Version != 11 {
		t.Fatalf("Packages = %+v, %v", pkgs, err)
	}
}

// diff shows the first differing lines of two dumps.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for _, l := range w {
		if !slices.Contains(g, l) && shown < 10 {
			b.WriteString("- " + l + "\n")
			shown++
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) && shown < 20 {
			b.WriteString("+ " + l + "\n")
			shown++
		}
	}
	return b.String()
}

func TestInstallRejectsBadInput(t *testing.T) {
	s := openStore(t, "")
	bad := buildPackage(t, pkgSpec{ID: "x", Version: 1, Images: 1})
	bad.Media[0].SHA256 = "../../etc/passwd"
	for _, tc := range []struct {
		name string
		pkg  *content.Package
	}{
		{"nil", nil},
		{"no id", &content.Package{Version: 1}},
		{"bad sha", bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.Install(context.Background(), tc.pkg); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestRoundTripOddValues(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	now := time.Now()
	p := &content.Package{ID: "odd", Version: 1, Title: `引号"与\反斜杠`, Sites: []string{"清风村", "明月村"},
		Disclosures: []content.Disclosure{{
			ID: "t", Title: "表", Header: []string{"a", "b", "c"}, AmountColumns: []int{1, 2},
			Rows: []content.Row{
				{Line: 2, Cells: []string{"tab\tnew\nline\x00nul", `"quoted" \ back`, "😀 emoji <b>&"}, Amounts: []float64{math.NaN(), -1.5e-7}},
				{Line: 3, Cells: []string{}, Amounts: []float64{math.Inf(1), 123456789.25}},
				{Line: 9, Cells: []string{""}},
			},
		}},
		Quizzes: []content.Quiz{{ID: "empty", Title: "无题"}},
	}
	mustInstall(t, s, p)
	d, ok, err := s.Disclosure(ctx, now, "odd", "t")
	if err != nil || !ok {
		t.Fatalf("Disclosure: %v %v", ok, err)
	}
	for i, r := range p.Disclosures[0].Rows {
		got := d.Rows[i]
		if got.Line != r.Line || !slices.Equal(got.Cells, nonNil(r.Cells)) && len(r.Cells)+len(got.Cells) > 0 {
			t.Errorf("row %d: %+v, want %+v", i, got, r)
		}
		if len(got.Amounts) != len(r.Amounts) {
			t.Fatalf("row %d amounts %v, want %v", i, got.Amounts, r.Amounts)
		}
		for j, a := range r.Amounts {
			g := got.Amounts[j]
			if (math.IsNaN(a) || math.IsInf(a, 0)) != math.IsNaN(g) || !math.IsNaN(g) && g != a {
				t.Errorf("row %d amount %d = %v, want %v (non-finite read as NaN)", i, j, g, a)
			}
		}
	}
	pkgs, err := s.Packages(ctx)
	if err != nil || len(pkgs) != 1 || !slices.Equal(pkgs[0].Sites, p.Sites) || pkgs[0].Title != p.Title {
		t.Fatalf("Packages = %+v, %v", pkgs, err)
	}
	qs, err := s.Quizzes(ctx, now)
	if err != nil || len(qs) != 1 || len(qs[0].Questions) != 0 {
		t.Fatalf("Quizzes = %+v, %v", qs, err)
	}
}

func TestWindowsAndNextChange(t *testing.T) {
	ctx := context.Background()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	clock := &fixedClock{t: day(1, 1)}
	s := openStore(t, "", WithNow(clock.Now))
	p := &content.Package{
		ID: "w", Version: 1,
		Window: content.Window{From: day(2, 1), Until: day(12, 1)},
		Stories: []content.Story{
			{ID: "always", Title: "常驻"}, // = package window
			{ID: "spring", Title: "春", Window: content.Window{From: day(3, 1), Until: day(6, 1)}}, // inside
			{ID: "early", Title: "早", Window: content.Window{From: day(1, 1), Until: day(3, 1)}},  // clipped at Feb 1
			{ID: "late", Title: "晚", Window: content.Window{From: day(11, 1)}},                    // clipped at Dec 1
			{ID: "never", Title: "无", Window: content.Window{Until: day(1, 20)}},                  // ends before the package starts
		},
		Disclosures: []content.Disclosure{
			{ID: "q2", Title: "二季度", Window: content.Window{From: day(4, 1), Until: day(7, 1)},
				Rows: []content.Row{{Line: 2, Cells: []string{"春耕补贴"}}}},
		},
		Quizzes: []content.Quiz{{ID: "quiz", Title: "问答"}},
	}
	mustInstall(t, s, p)

	for _, tc := range []struct {
		name     string
		now      time.Time
		stories  []string
		discs    []string
		quizzes  int
		next     time.Time // zero: no next change
		searchOK bool      // "春耕" finds the disclosure row
	}{
		{"before package", day(1, 15), nil, nil, 0, day(2, 1), false}, // not "never"'s end
		{"long before", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), nil, nil, 0, day(2, 1), false},
		{"package opens (inclusive)", day(2, 1), []string{"always", "early"}, nil, 1, day(3, 1), false},
		{"early ends (exclusive)", day(3, 1), []string{"always", "spring"}, nil, 1, day(4, 1), false},
		{"one second before", day(4, 1).Add(-time.Second), []string{"always", "spring"}, nil, 1, day(4, 1), false},
		{"disclosure opens", day(4, 1), []string{"always", "spring"}, []string{"q2"}, 1, day(6, 1), true},
		{"sub-second now", day(6, 1).Add(-time.Millisecond), []string{"always", "spring"}, []string{"q2"}, 1, day(6, 1), true},
		{"summer", day(6, 15), []string{"always"}, []string{"q2"}, 1, day(7, 1), true},
		{"autumn", day(8, 1), []string{"always"}, nil, 1, day(11, 1), false},
		{"late story", day(11, 1), []string{"always", "late"}, nil, 1, day(12, 1), false},
		{"package closed", day(12, 1), nil, nil, 0, time.Time{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, err := s.Stories(ctx, tc.now, "")
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			slices.Sort(ids)
			want := slices.Clone(tc.stories)
			slices.Sort(want)
			if !slices.Equal(ids, want) {
				t.Errorf("stories = %v, want %v", ids, want)
			}
			for _, id := range []string{"always", "spring", "early", "late", "never"} {
				_, ok, err := s.Story(ctx, tc.now, "w", id)
				if err != nil || ok != slices.Contains(tc.stories, id) {
					t.Errorf("Story(%s) ok=%v err=%v", id, ok, err)
				}
			}
			discs, err := s.Disclosures(ctx, tc.now, "")
			if err != nil || len(discs) != len(tc.discs) {
				t.Errorf("disclosures = %+v, %v; want %v", discs, err, tc.discs)
			}
			if _, ok, err := s.Disclosure(ctx, tc.now, "w", "q2"); err != nil || ok != (len(tc.discs) > 0) {
				t.Errorf("Disclosure ok=%v err=%v", ok, err)
			}
			qs, err := s.Quizzes(ctx, tc.now)
			if err != nil || len(qs) != tc.quizzes {
				t.Errorf("quizzes = %+v, %v; want %d", qs, err, tc.quizzes)
			}
			next, ok, err := s.NextChange(ctx, tc.now)
			if err != nil || ok != !tc.next.IsZero() || !next.Equal(tc.next) {
				t.Errorf("NextChange = %v, %v, %v; want %v", next, ok, err, tc.next)
			}
			hits, err := s.Search(ctx, "春耕", tc.now, 10)
			if err != nil || (len(hits) > 0) != tc.searchOK {
				t.Errorf("Search(春耕) = %+v, %v; want found=%v", hits, err, tc.searchOK)
			}
		})
	}

	// Packages lists regardless of windows, with the injected install time.
	pkgs, err := s.Packages(ctx)
	if err != nil || len(pkgs) != 1 || !pkgs[0].InstalledAt.Equal(day(1, 1)) || pkgs[0].Stories != 5 {
		t.Fatalf("Packages = %+v, %v", pkgs, err)
	}
	// Effective window is stored on the item.
	st, _, _ := s.Story(ctx, day(2, 2), "w", "early")
	if !st.Window.From.Equal(day(2, 1)) || !st.Window.Until.Equal(day(3, 1)) {
		t.Errorf("early's effective window = %+v", st.Window)
	}
}

func TestStoriesOrderAndCategory(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	p := buildPackage(t, pkgSpec{ID: "p", Version: 1, Stories: 8, Images: 3})
	mustInstall(t, s, p)
	items, err := s.Stories(ctx, time.Now(), "")
	if err != nil || len(items) != 8 {
		t.Fatalf("Stories = %d, %v", len(items), err)
	}
	// Featured first, then package order.
	want := []string{"story00", "story04", "story01", "story02", "story03", "story05", "story06", "story07"}
	for i, it := range items {
		if it.ID != want[i] {
			t.Fatalf("order: got %s at %d, want %s", it.ID, i, want[i])
		}
		if it.Cover == "" || it.CoverSHA == "" || it.CoverThumbSHA == "" {
			t.Errorf("%s: cover %q sha %q thumb %q", it.ID, it.Cover, it.CoverSHA, it.CoverThumbSHA)
		}
	}
	cat := content.StoryCategories[1]
	items, err = s.Stories(ctx, time.Now(), cat)
	if err != nil || len(items) != 2 {
		t.Fatalf("Stories(%s) = %+v, %v", cat, items, err)
	}
	for _, it := range items {
		if it.Category != cat {
			t.Errorf("category %s in %s list", it.Category, cat)
		}
	}
	discs, err := s.Disclosures(ctx, time.Now(), "不存在")
	if err != nil || len(discs) != 0 {
		t.Fatalf("Disclosures(unknown category) = %v, %v", discs, err)
	}
}

func searchPackage() *content.Package {
	return &content.Package{
		ID: "s", Version: 1,
		Stories: []content.Story{
			{ID: "seal", Title: "老支书与印章", Summary: "一枚公章的故事",
				Body: "# 印章\n\n他把**印章**锁进柜子，钥匙交给监委会。[详情](https://example.org/zzz)"},
			{ID: "hidden", Title: "尚未发布的印章故事", Window: content.Window{From: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)}},
		},
		Disclosures: []content.Disclosure{{
			ID: "fin", Title: "村务公开：2025年食堂收支", Period: "2025年", Unit: "清风村",
			Header: []string{"摘要", "金额"}, AmountColumns: []int{1},
			Rows: []content.Row{
				{Line: 2, Cells: []string{"食堂食材采购", "1200.00"}, Amounts: []float64{1200}},
				{Line: 3, Cells: []string{"公章刻制费", "80"}, Amounts: []float64{80}},
				{Line: 4, Cells: []string{"村务公开栏维修", "300"}, Amounts: []float64{300}},
				{Line: 5, Cells: []string{"LED Lamp 更换", "45.5"}, Amounts: []float64{45.5}},
			},
		}},
	}
}

type hitKey struct {
	kind, item string
	row        int
}

func hitKeys(hits []Hit) []hitKey {
	var ks []hitKey
	for _, h := range hits {
		ks = append(ks, hitKey{h.Kind, h.ItemID, h.Row})
	}
	return ks
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	mustInstall(t, s, searchPackage())
	now := time.Now()
	story := hitKey{HitStory, "seal", -1}
	title := hitKey{HitDisclosure, "fin", -1}
	row := func(i int) hitKey { return hitKey{HitDisclosure, "fin", i} }
	for _, tc := range []struct {
		query string
		want  []hitKey
	}{
		{"印", []hitKey{story}},
		{"章", []hitKey{story, row(1)}},
		{"食堂", []hitKey{title, row(0)}},
		{"村务", []hitKey{title, row(2)}},
		{"公章", []hitKey{story, row(1)}},
		{"刻制费", []hitKey{row(1)}},
		{"村务公开", []hitKey{title, row(2)}},
		{"村务公开栏维修", []hitKey{row(2)}},
		{"公开食堂", nil},              // both characters pairs exist, but not adjacent
		{"食堂 村务", []hitKey{title}}, // every term must match
		{"村务公开 食材", nil},
		{"印章 监委会", []hitKey{story}}, // a short and a long term
		{"led", []hitKey{row(3)}},   // case-insensitive
		{"LAMP", []hitKey{row(3)}},
		{"2025", []hitKey{title}},
		{"45", []hitKey{row(3)}},
		{"zzz", nil}, // link targets are not indexed
		{"example", nil},
		{"尚未发布", nil}, // invisible story
		{"", nil},
		{"   ", nil},
		{"，。！？", nil},
		{`"*:()^-`, nil},
		{`"印"`, []hitKey{story}},
		{`印" OR "章`, nil}, // 印, or, 章: all must match
		{"NEAR(印 章)", nil},
	} {
		t.Run(tc.query, func(t *testing.T) {
			hits, err := s.Search(ctx, tc.query, now, 10)
			if err != nil {
				t.Fatalf("Search(%q): %v", tc.query, err)
			}
			if got := hitKeys(hits); !slices.Equal(got, tc.want) {
				t.Fatalf("Search(%q) = %v, want %v", tc.query, got, tc.want)
			}
			for _, h := range hits {
				if h.PackageID != "s" || h.Title == "" || h.Snippet == "" {
					t.Errorf("hit %+v", h)
				}
			}
		})
	}

	hits, _ := s.Search(ctx, "钥匙", now, 10)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, "钥匙") || strings.Contains(hits[0].Snippet, "**") {
		t.Errorf("snippet %+v", hits)
	}
	if hits, _ := s.Search(ctx, "章", now, 1); len(hits) != 1 || hits[0].Kind != HitStory {
		t.Errorf("limit 1: %+v (stories come first)", hits)
	}

	// Replacing the package drops its old documents.
	p2 := searchPackage()
	p2.Version = 2
	p2.Stories = p2.Stories[:0]
	p2.Disclosures[0].Rows = p2.Disclosures[0].Rows[:1]
	p2.Disclosures[0].Title = "新表"
	mustInstall(t, s, p2)
	for _, tc := range []struct {
		query string
		want  []hitKey
	}{
		{"印", nil},
		{"公章", nil},
		{"村务公开", nil},
		{"食堂", []hitKey{row(0)}},
		{"新表", []hitKey{title}},
	} {
		t.Run("after replace/"+tc.query, func(t *testing.T) {
			hits, err := s.Search(ctx, tc.query, now, 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitKeys(hits); !slices.Equal(got, tc.want) {
				t.Fatalf("Search(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
	var docs int
	if err := s.rdb.QueryRow(`SELECT count(*) FROM search_docs`).Scan(&docs); err != nil || docs != 2 {
		t.Fatalf("search_docs = %d, %v; want 2", docs, err)
	}
}

func TestQueryTermsAndGrams(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"印章", []string{"印章"}},
		{" 村务，公开! ", []string{"村务", "公开"}},
		{"LED灯", []string{"led灯"}},
		{"...", nil},
	} {
		if got := queryTerms(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("queryTerms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	var g gramBuilder
	if got, want := g.build("印章、印章 Abcd"), "印 章 印章 a b ab c bc abc d cd bcd"; got != want {
		t.Errorf("grams = %q, want %q", got, want)
	}
}

func TestMediaStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	a := buildPackage(t, pkgSpec{ID: "a", Version: 1, Stories: 2, Images: 3, Audio: 1})
	mustInstall(t, s, a)

	files := func() []string {
		var out []string
		filepath.WalkDir(filepath.Join(dir, MediaDir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				out = append(out, filepath.Base(p))
			}
			return nil
		})
		slices.Sort(out)
		return out
	}
	var want []string
	for _, m := range a.Media {
		path := s.MediaPath(m.SHA256)
		if path != filepath.Join(dir, MediaDir, m.SHA256[:2], m.SHA256) {
			t.Errorf("MediaPath = %s", path)
		}
		if fileState(s, m.SHA256) != "ok" {
			t.Errorf("%s: %s", m.Path, fileState(s, m.SHA256))
		}
		info, ok, err := s.Media(ctx, "a", m.Path)
		if err != nil || !ok || info.SHA256 != m.SHA256 || info.Kind != m.Kind || (info.ThumbSHA != "") != (m.Thumb != nil) {
			t.Errorf("Media(%s) = %+v %v %v", m.Path, info, ok, err)
		}
		want = append(want, m.SHA256)
		if info.ThumbSHA != "" {
			b, err := os.ReadFile(s.MediaPath(info.ThumbSHA))
			if err != nil || !bytes.Equal(b, m.Thumb) {
				t.Errorf("thumb of %s: %v", m.Path, err)
			}
			want = append(want, info.ThumbSHA)
		}
	}
	slices.Sort(want)
	if got := files(); !slices.Equal(got, want) {
		t.Fatalf("media files = %v, want %v", got, want)
	}
	if s.MediaPath("../x") != "" {
		t.Error("MediaPath accepted a non-digest")
	}
	if _, ok, _ := s.Media(ctx, "a", "media/none.jpg"); ok {
		t.Error("Media of unknown path found")
	}

	// Identical media in another package are stored once.
	b := buildPackage(t, pkgSpec{ID: "b", Version: 1})
	b.Media = append(b.Media, a.Media[0], a.Media[1])
	b.Media[1].Path = "media/same-bytes-other-name.jpg"
	mustInstall(t, s, b)
	if got := files(); !slices.Equal(got, want) {
		t.Fatalf("after dedup install: %v, want %v", got, want)
	}

	// Replacing a: its own media are collected, shared ones stay.
	a2 := buildPackage(t, pkgSpec{ID: "a", Version: 2, Stories: 1})
	mustInstall(t, s, a2)
	want = []string{a.Media[0].SHA256, a.Media[1].SHA256}
	for _, m := range a.Media[:2] {
		info, _, _ := s.Media(ctx, "b", m.Path)
		if m.Path == "media/photo001.jpg" {
			info, _, _ = s.Media(ctx, "b", "media/same-bytes-other-name.jpg")
		}
		want = append(want, info.ThumbSHA)
	}
	slices.Sort(want)
	if got := files(); !slices.Equal(got, want) {
		t.Fatalf("after replacing a: %v, want %v", got, want)
	}

	// Orphans and temp files from a crash are removed at Open.
	orphan := strings.Repeat("ab", 32)
	os.MkdirAll(filepath.Join(dir, MediaDir, "ab"), 0o755)
	os.WriteFile(filepath.Join(dir, MediaDir, "ab", orphan), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, MediaDir, a.Media[0].SHA256[:2], tmpPrefix+"123"), []byte("x"), 0o644)
	stranger := filepath.Join(dir, MediaDir, "ab", "README")
	os.WriteFile(stranger, []byte("not ours"), 0o644)
	s.Close()
	s = openStore(t, dir)
	got := files()
	if slices.Contains(got, orphan) || slices.ContainsFunc(got, func(n string) bool { return strings.HasPrefix(n, tmpPrefix) }) {
		t.Fatalf("orphans survived Open: %v", got)
	}
	if _, err := os.Stat(stranger); err != nil {
		t.Errorf("a file that is not a blob was removed: %v", err)
	}
	os.WriteFile(filepath.Join(dir, MediaDir, "ab", orphan), []byte("x"), 0o644)
	if err := s.CollectGarbage(ctx); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(files(), orphan) {
		t.Fatal("CollectGarbage kept an orphan")
	}
}

func TestLargeAndDamagedMedia(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	big := make([]byte, memBlobMax+12345) // streamed, not buffered
	for i := range big {
		big[i] = byte(i * 7 % 251)
	}
	small := []byte("small audio bytes")
	p := &content.Package{ID: "m", Version: 1, Media: []content.Media{
		mediaOf("media/long.mp3", content.Audio, "mp3", big, nil, 0, 0),
		mediaOf("media/short.mp3", content.Audio, "mp3", small, nil, 0, 0),
	}}
	// A damaged leftover (wrong size) at the small blob's place is replaced.
	path := s.MediaPath(p.Media[1].SHA256)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte("truncated"), 0o644)
	mustInstall(t, s, p)
	for _, m := range p.Media {
		if st := fileState(s, m.SHA256); st != "ok" {
			t.Errorf("%s: %s", m.Path, st)
		}
	}

	// Announced smaller than it is: read into memory first, then streamed.
	p2 := &content.Package{ID: "m2", Version: 1, Media: []content.Media{
		mediaOf("media/other.mp3", content.Audio, "mp3", append(slices.Clone(big), 1), nil, 0, 0),
	}}
	p2.Media[0].Size = 10
	mustInstall(t, s, p2)
	if st := fileState(s, p2.Media[0].SHA256); st != "ok" {
		t.Errorf("under-announced blob: %s", st)
	}

	// A large blob whose bytes changed is refused like a small one.
	p3 := &content.Package{ID: "m3", Version: 1, Media: []content.Media{
		mediaOf("media/x.mp3", content.Audio, "mp3", append(slices.Clone(big), 2), nil, 0, 0),
	}}
	p3.Media[0].Open = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(big)), nil }
	if err := s.Install(ctx, p3); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Fatalf("Install with changed large media = %v", err)
	}
	if _, ok, _ := s.InstalledVersion(ctx, "m3"); ok {
		t.Fatal("m3 installed")
	}
}

// changingMedia returns bytes that do not hash to the announced SHA-256, as
// if the file changed after it was validated.
func changingMedia(m content.Media) content.Media {
	m.Open = func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader("changed under us")), nil
	}
	return m
}

func TestInstallMediaMismatchKeepsOld(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	now := time.Now()
	old := buildPackage(t, pkgSpec{ID: "p", Version: 1, Stories: 2, Disclosures: 1, Rows: 10, Images: 2})
	mustInstall(t, s, old)
	before := dumpStore(t, s, now)
	countFiles := func() int {
		n := 0
		filepath.WalkDir(filepath.Join(dir, MediaDir), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	nBefore := countFiles()

	for _, tc := range []struct {
		name   string
		breakM func(p *content.Package)
	}{
		{"last media changed", func(p *content.Package) { p.Media[len(p.Media)-1] = changingMedia(p.Media[len(p.Media)-1]) }},
		{"first media changed", func(p *content.Package) { p.Media[0] = changingMedia(p.Media[0]) }},
		{"open fails", func(p *content.Package) {
			p.Media[2].Open = func() (io.ReadCloser, error) { return nil, errors.New("gone") }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := buildPackage(t, pkgSpec{ID: "p", Version: 2, Stories: 3, Disclosures: 2, Rows: 10, Images: 5})
			tc.breakM(p)
			if err := s.Install(ctx, p); err == nil || errors.Is(err, ErrNotNewer) {
				t.Fatalf("Install = %v, want a media error", err)
			}
			if after := dumpStore(t, s, now); after != before {
				t.Fatalf("content changed:\n%s", diff(before, after))
			}
			if n := countFiles(); n != nBefore {
				t.Fatalf("%d media files, want %d: the failed install's files must be collected", n, nBefore)
			}
		})
	}
}

// A source that moved on after it was read (a folder still being copied)
// must not become the installed version, however late it is noticed.
func TestInstallSettledRefusesKeepsOld(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	now := time.Now()
	mustInstall(t, s, buildPackage(t, pkgSpec{ID: "p", Version: 1, Stories: 2, Disclosures: 1, Rows: 10, Images: 2}))
	before := dumpStore(t, s, now)

	p := buildPackage(t, pkgSpec{ID: "p", Version: 2, Stories: 3, Disclosures: 2, Rows: 10, Images: 3})
	asked := 0
	p.Settled = func() error { asked++; return content.ErrSourceChanged }
	if err := s.Install(ctx, p); !errors.Is(err, content.ErrSourceChanged) {
		t.Fatalf("Install = %v, want ErrSourceChanged", err)
	}
	if asked != 1 {
		t.Fatalf("Settled asked %d times, want once", asked)
	}
	if after := dumpStore(t, s, now); after != before {
		t.Fatalf("content changed although the source did:\n%s", diff(before, after))
	}
	p.Settled = func() error { return nil }
	mustInstall(t, s, p)
	if v, _, _ := s.InstalledVersion(ctx, "p"); v != 2 {
		t.Fatalf("installed version %d after a settled install, want 2", v)
	}
}

func TestInstallCanceled(t *testing.T) {
	s := openStore(t, "")
	now := time.Now()
	old := buildPackage(t, pkgSpec{ID: "p", Version: 1, Stories: 1})
	mustInstall(t, s, old)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := buildPackage(t, pkgSpec{ID: "p", Version: 2, Disclosures: 1, Rows: 2000, Images: 2})
	if err := s.Install(ctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("Install with canceled context = %v", err)
	}
	if got, want := dumpStore(t, s, now), dumpPackages(now, old); got != want {
		t.Fatalf("content changed:\n%s", diff(want, got))
	}
}

func TestImports(t *testing.T) {
	ctx := context.Background()
	clock := &fixedClock{t: time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)}
	s := openStore(t, "", WithNow(clock.Now))
	if got, err := s.Imports(ctx, 10); err != nil || len(got) != 0 {
		t.Fatalf("Imports on empty store = %v, %v", got, err)
	}
	recs := []ImportRecord{
		{Source: "/mnt/usb/a.zip", PackageID: "a", Version: 1, OK: true, Report: "ok"},
		{Source: "/mnt/usb/b.zip", PackageID: "b", Version: 3, OK: false, Report: "b.csv:3: 错误: 金额无效",
			At: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)},
		{Source: "/mnt/usb/a2.zip", PackageID: "a", Version: 2, OK: true},
	}
	for _, r := range recs {
		if err := s.RecordImport(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		limit int
		want  int
	}{{0, 3}, {-1, 3}, {2, 2}, {10, 3}} {
		got, err := s.Imports(ctx, tc.limit)
		if err != nil || len(got) != tc.want {
			t.Fatalf("Imports(%d) = %d records, %v; want %d", tc.limit, len(got), err, tc.want)
		}
		for i, g := range got {
			r := recs[len(recs)-1-i]
			wantAt := r.At
			if wantAt.IsZero() {
				wantAt = clock.Now()
			}
			if g.Source != r.Source || g.PackageID != r.PackageID || g.Version != r.Version ||
				g.OK != r.OK || g.Report != r.Report || !g.At.Equal(wantAt) || g.ID == 0 {
				t.Errorf("record %d = %+v, want %+v", i, g, r)
			}
		}
	}
}

func TestConcurrentReadsDuringInstall(t *testing.T) {
	// Readers must see old or new content, never an error or a mix, while
	// installs commit; WAL lets them proceed without waiting.
	ctx := context.Background()
	s := openStore(t, "")
	now := time.Now()
	mk := func(v int) *content.Package {
		return buildPackage(t, pkgSpec{ID: "p", Version: v, Disclosures: 2, Rows: 300, Stories: 3})
	}
	mustInstall(t, s, mk(1))
	done := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		defer close(errc)
		for {
			select {
			case <-done:
				return
			default:
			}
			d0, ok0, err0 := s.Disclosure(ctx, now, "p", "finance00")
			d1, ok1, err1 := s.Disclosure(ctx, now, "p", "finance01")
			if err := errors.Join(err0, err1); err != nil || !ok0 || !ok1 {
				errc <- errors.Join(err, errors.New("disclosure missing"))
				return
			}
			if len(d0.Rows) != 300 || len(d1.Rows) != 300 {
				errc <- errors.New("partial rows")
				return
			}
		}
	}()
	for v := 2; v <= 4; v++ {
		mustInstall(t, s, mk(v))
	}
	close(done)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}
