package collect

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/sign"
)

// displayLog is a log of n entries as a kiosk reports it; log names the
// chain, so two logs of different names differ at every entry from the
// first whose name differs (from on; 1 before that).
func displayLog(n int64, name string, from int64) fleet.DisplayLog {
	hash := func(seq int64) string {
		if seq >= from {
			return fmt.Sprintf("%s-%d", name, seq)
		}
		return fmt.Sprintf("orig-%d", seq)
	}
	d := fleet.DisplayLog{Entries: n}
	if n == 0 {
		return d
	}
	d.Head, d.Genesis = hash(n), hash(1)
	for _, s := range fleet.CheckpointSeqs(n) {
		d.Checkpoints = append(d.Checkpoints, fleet.Checkpoint{Seq: s, Hash: hash(s)})
	}
	return d
}

// heartbeat is a well kiosk's heartbeat, written at.
func heartbeat(site string, at time.Time) fleet.Heartbeat {
	return fleet.Heartbeat{Site: site, SiteName: site + "联络站", Written: at.UTC(), Version: "1.2.0", Arch: "amd64",
		Started: at.Add(-time.Hour).UTC(), Open: true, AlwaysOpen: true,
		Packages:   []fleet.Package{{ID: "demo", Version: 3, Title: "清廉故事"}},
		LastImport: &fleet.Import{At: at.Add(-time.Hour), Source: "demo.zip", Package: "demo", Version: 3, OK: true},
		DiskFreeMB: 20000, DiskTotalMB: 30000, RSSMB: 180,
		DisplayLog: displayLog(100, "orig", 1)}
}

// writeHeartbeat writes h into the outbox folder dir as the kiosk of key k
// writes it.
func writeHeartbeat(tb testing.TB, dir string, h fleet.Heartbeat, k sign.Private) {
	tb.Helper()
	if err := fleet.Write(dir, h, k); err != nil {
		tb.Fatal(err)
	}
}

// registered is an outbox folder of site whose batch the office merged,
// so its key is registered.
func registered(tb testing.TB, db *DB, root, site string) string {
	tb.Helper()
	dir := filepath.Join(root, site)
	writeOutbox(tb, dir, site, 1, 1)
	if _, err := db.Merge(context.Background(), []string{dir}, nil); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func mergeBeats(tb testing.TB, db *DB, dirs ...string) FleetResult {
	tb.Helper()
	res, err := db.MergeHeartbeats(context.Background(), dirs)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range res.Bad {
		tb.Errorf("unreadable: %v", e)
	}
	return res
}

func kioskOf(tb testing.TB, db *DB, site string) FleetKiosk {
	tb.Helper()
	f, err := db.Fleet(context.Background(), Rules{Now: officeNow, StaleHours: DefaultStaleHours})
	if err != nil {
		tb.Fatal(err)
	}
	for _, k := range f.Kiosks {
		if k.Site == site {
			return k
		}
	}
	tb.Fatalf("%s not in the fleet", site)
	return FleetKiosk{}
}

// A kiosk's log that no longer extends what the office saw is flagged, and
// stays flagged until the office accepts it.
func TestHeartbeatLogBroken(t *testing.T) {
	at := officeNow.Add(-10 * time.Minute)
	cases := []struct {
		name string
		now  fleet.DisplayLog
		kind string
	}{
		{"extended", displayLog(140, "orig", 1), ""},
		{"same", displayLog(100, "orig", 1), ""},
		{"rewound", displayLog(90, "orig", 1), "rewound"},
		{"reset", displayLog(5, "new", 1), "reset"},
		{"reset to a longer log", displayLog(300, "new", 1), "reset"},
		{"rewritten from entry 40", displayLog(120, "edit", 40), "rewritten"},
		{"rewritten at the head", displayLog(100, "edit", 100), "rewritten"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			dir := registered(t, db, t.TempDir(), "k1")
			key := keyOf(t, "k1")
			writeHeartbeat(t, dir, heartbeat("k1", at.Add(-time.Hour)), key)
			if res := mergeBeats(t, db, dir); res.New != 1 || len(res.Broken) != 0 {
				t.Fatalf("first heartbeat: %+v", res)
			}
			h := heartbeat("k1", at)
			h.DisplayLog = c.now
			writeHeartbeat(t, dir, h, key)
			res := mergeBeats(t, db, dir)
			k := kioskOf(t, db, "k1")
			if c.kind == "" {
				if len(res.Broken) != 0 || k.Broken != nil || k.Worst() != LevelOK {
					t.Fatalf("an intact log flagged: %+v %+v", res.Broken, k.Trouble)
				}
				return
			}
			if len(res.Broken) != 1 || res.Broken[0].Kind != c.kind {
				t.Fatalf("broken %+v, want %s", res.Broken, c.kind)
			}
			if k.Worst() != LevelAlarm || k.Trouble[0].Word != TroubleLog {
				t.Fatalf("trouble %+v, want %s first", k.Trouble, TroubleLog)
			}
			// A later heartbeat that looks well again does not clear it.
			h.Written = at.Add(5 * time.Minute)
			h.DisplayLog = displayLog(200, "orig", 1)
			writeHeartbeat(t, dir, h, key)
			mergeBeats(t, db, dir)
			if k := kioskOf(t, db, "k1"); k.Broken == nil || k.Broken.Kind != c.kind {
				t.Fatalf("flag gone after another heartbeat: %+v", k.Broken)
			}
			if _, err := db.AcceptLog(context.Background(), "k1"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AcceptLog(context.Background(), "k1"); !errors.Is(err, ErrLogNotBroken) {
				t.Fatalf("accepting twice: %v, want ErrLogNotBroken", err)
			}
			// The next run anchors the log as it is now.
			if res := mergeBeats(t, db, dir); res.New != 1 || len(res.Broken) != 0 {
				t.Fatalf("after accepting: %+v", res)
			}
			if k := kioskOf(t, db, "k1"); k.Broken != nil || k.Worst() != LevelOK {
				t.Fatalf("still flagged after accepting: %+v", k.Trouble)
			}
		})
	}
}

// A heartbeat not signed with its site's registered key, or edited after
// signing, is listed with its reason and merged nowhere; one of a site no
// batch registered registers nothing.
func TestHeartbeatRefused(t *testing.T) {
	at := officeNow.Add(-10 * time.Minute)
	cases := []struct {
		name  string
		write func(tb testing.TB, dir string)
		site  string
		word  string
		says  string // in the reason, when set
	}{
		{"another key", func(tb testing.TB, dir string) {
			writeHeartbeat(tb, dir, heartbeat("k1", at), keyOf(tb, "impostor"))
		}, "k1", RefusedKey, ""},
		{"another site's key", func(tb testing.TB, dir string) {
			writeHeartbeat(tb, dir, heartbeat("k1", at), keyOf(tb, "k2"))
		}, "k1", RefusedKey, ""},
		{"edited after signing", func(tb testing.TB, dir string) {
			writeHeartbeat(tb, dir, heartbeat("k1", at), keyOf(tb, "k1"))
			p := filepath.Join(dir, fleet.File)
			data, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			edited := strings.Replace(string(data), `"errors_24h": 0`, `"errors_24h": 9`, 1)
			if edited == string(data) {
				tb.Fatal("nothing edited")
			}
			if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
				tb.Fatal(err)
			}
		}, "", RefusedFile, ""},
		{"half written", func(tb testing.TB, dir string) {
			data, err := fleet.Encode(heartbeat("k1", at), keyOf(tb, "k1"))
			if err != nil {
				tb.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fleet.File), data[:len(data)/2], 0o644); err != nil {
				tb.Fatal(err)
			}
		}, "", RefusedFile, ""},
		{"unregistered site", func(tb testing.TB, dir string) {
			writeHeartbeat(tb, dir, heartbeat("k9", at), keyOf(tb, "k9"))
		}, "k9", RefusedUnregistered, ""},
		// A kiosk whose config has no site.id writes its heartbeat
		// without one: the office says so, not that it is forged.
		{"no site id", func(tb testing.TB, dir string) {
			writeHeartbeat(tb, dir, heartbeat("", at), keyOf(tb, "k1"))
		}, "", RefusedFile, "没有写站点编号（site.id）"},
		{"site id with a space", func(tb testing.TB, dir string) {
			writeHeartbeat(tb, dir, heartbeat("k 1", at), keyOf(tb, "k1"))
		}, "", RefusedFile, "不能有空格"},
		{"a link", func(tb testing.TB, dir string) {
			if err := os.Symlink("/etc/passwd", filepath.Join(dir, fleet.File)); err != nil {
				tb.Fatal(err)
			}
		}, "", RefusedFile, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			dir := registered(t, db, t.TempDir(), "k1")
			c.write(t, dir)
			res := mergeBeats(t, db, dir)
			if res.New != 0 || len(res.Refused) != 1 || res.Refused[0].Word != c.word || res.Refused[0].Site != c.site {
				t.Fatalf("result %+v, want one refused %s of site %q", res, c.word, c.site)
			}
			if !strings.Contains(res.Refused[0].Reason, c.says) {
				t.Errorf("reason %q, want it to say %q", res.Refused[0].Reason, c.says)
			}
			f, err := db.Fleet(context.Background(), Rules{Now: officeNow})
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Kiosks) != 1 || f.Kiosks[0].HasHeartbeat {
				t.Fatalf("kiosks %+v: want k1 alone, with no heartbeat", f.Kiosks)
			}
			// A heartbeat refused for k1 is on k1's row too.
			var words []string
			for _, tr := range f.Kiosks[0].Trouble {
				words = append(words, tr.Word)
			}
			want := TroubleNoBeat
			if c.site == "k1" {
				want = TroubleRefused + "," + TroubleNoBeat
			}
			if strings.Join(words, ",") != want {
				t.Fatalf("k1's troubles %v, want %s", words, want)
			}
			if len(f.Refused) != 1 || f.Refused[0].Word != c.word || f.Refused[0].Reason == "" {
				t.Fatalf("refused on the page: %+v", f.Refused)
			}
			// Said once: a rerun counts it as still refused.
			if res := mergeBeats(t, db, dir); len(res.Refused) != 0 || res.StillRefused != 1 {
				t.Fatalf("rerun: %+v, want it still refused and not said again", res)
			}
			// Gone from the folder, gone from the page.
			if err := os.Remove(filepath.Join(dir, fleet.File)); err != nil {
				t.Fatal(err)
			}
			mergeBeats(t, db, dir)
			if f, err := db.Fleet(context.Background(), Rules{Now: officeNow}); err != nil || len(f.Refused) != 0 {
				t.Fatalf("refused after the file went: %+v %v", f.Refused, err)
			}
		})
	}
}

// A stick's old copy of a heartbeat neither replaces the newer one nor
// makes the log look rewound; an unchanged file is not read again.
func TestHeartbeatOlderCopy(t *testing.T) {
	db := openDB(t)
	root := t.TempDir()
	dir := registered(t, db, root, "k1")
	key := keyOf(t, "k1")
	h := heartbeat("k1", officeNow.Add(-time.Hour))
	h.DisplayLog = displayLog(200, "orig", 1)
	writeHeartbeat(t, dir, h, key)
	stick := filepath.Join(root, "stick")
	old := heartbeat("k1", officeNow.Add(-48*time.Hour))
	writeHeartbeat(t, stick, old, key)
	res := mergeBeats(t, db, dir, stick)
	if res.New != 1 || res.Older != 1 || len(res.Broken) != 0 {
		t.Fatalf("%+v: want the newer taken, the older skipped", res)
	}
	if res := mergeBeats(t, db, dir); res.Unchanged != 1 || res.New != 0 {
		t.Fatalf("rerun: %+v", res)
	}
	if k := kioskOf(t, db, "k1"); k.Heartbeat.DisplayLog.Entries != 200 {
		t.Fatalf("latest has %d entries", k.Heartbeat.DisplayLog.Entries)
	}
	// The kiosk's own file rewritten with an older time: its clock went
	// back (a power cut on a board without a clock battery). Taken.
	h.Written = time.Date(1970, 1, 1, 0, 10, 0, 0, time.UTC)
	h.DisplayLog = displayLog(210, "orig", 1)
	writeHeartbeat(t, dir, h, key)
	if res := mergeBeats(t, db, dir); res.New != 1 || len(res.Broken) != 0 {
		t.Fatalf("clock gone back: %+v", res)
	}
	k := kioskOf(t, db, "k1")
	if k.Heartbeat.DisplayLog.Entries != 210 || len(k.Trouble) != 1 || k.Trouble[0].Word != TroubleClock {
		t.Fatalf("clock gone back: %d entries, %+v", k.Heartbeat.DisplayLog.Entries, k.Trouble)
	}
}

// Each rule of trouble, one at a time.
func TestTroubles(t *testing.T) {
	now := time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC)
	wide := Fleetwide{Software: "1.3.0", Packages: map[string]int{"demo": 3, "news": 7}}
	rules := Rules{Now: now, StaleHours: 2}
	well := func() fleet.Heartbeat {
		h := heartbeat("k1", now.Add(-5*time.Minute))
		h.Version = "1.3.0"
		return h
	}
	day := func(d, hour int) time.Time { return time.Date(2027, 1, 10+d, hour, 0, 0, 0, time.UTC) }
	cases := []struct {
		name    string
		edit    func(h *fleet.Heartbeat)
		broken  *fleet.Broken
		overdue int
		rules   func(r *Rules)
		want    []string
	}{
		{"well", nil, nil, 0, nil, nil},
		{"silent 3 h, always open", func(h *fleet.Heartbeat) { h.Written = now.Add(-3 * time.Hour) }, nil, 0, nil, []string{TroubleStale}},
		{"silent 90 min", func(h *fleet.Heartbeat) { h.Written = now.Add(-90 * time.Minute) }, nil, 0, nil, nil},
		{"silent 14 h, all of them closed", func(h *fleet.Heartbeat) {
			h.Written, h.AlwaysOpen = now.Add(-14*time.Hour), false
			h.Hours = []fleet.Interval{{From: now.Add(-24 * time.Hour), Until: now.Add(-14 * time.Hour)}, {From: now.Add(10 * time.Hour), Until: now.Add(20 * time.Hour)}}
		}, nil, 0, nil, nil},
		{"silent 14 h, 3 of them open", func(h *fleet.Heartbeat) {
			h.Written, h.AlwaysOpen = now.Add(-14*time.Hour), false
			h.Hours = []fleet.Interval{{From: now.Add(-3 * time.Hour), Until: now.Add(5 * time.Hour)}}
		}, nil, 0, nil, []string{TroubleStale}},
		{"silent longer than its hours were told", func(h *fleet.Heartbeat) {
			h.Written, h.AlwaysOpen = now.Add(-20*24*time.Hour), false
			h.Hours = []fleet.Interval{{From: now.Add(-20 * 24 * time.Hour), Until: now.Add(-19 * 24 * time.Hour)}}
		}, nil, 0, nil, []string{TroubleStale}},
		{"stale rule off", func(h *fleet.Heartbeat) { h.Written = now.Add(-30 * time.Hour) }, nil, 0, func(r *Rules) { r.StaleHours = 0 }, nil},
		{"import refused", func(h *fleet.Heartbeat) {
			h.LastImport = &fleet.Import{At: now.Add(-time.Hour), Source: "坏包.zip", Reason: "签名对不上"}
		}, nil, 0, nil, []string{TroubleImport}},
		{"update rolled back", func(h *fleet.Heartbeat) {
			h.Update = &fleet.Update{At: now, From: "1.3.0", To: "1.4.0", Outcome: fleet.UpdateRolledBack, Reason: "60 秒内没有启动好"}
		}, nil, 0, nil, []string{TroubleUpdate}},
		{"update installed", func(h *fleet.Heartbeat) {
			h.Update = &fleet.Update{At: now, From: "1.2.0", To: "1.3.0", Outcome: fleet.UpdateInstalled}
		}, nil, 0, nil, nil},
		{"errors", func(h *fleet.Heartbeat) {
			h.Errors24h, h.RecentErrors = 2, []fleet.LogEntry{{At: now, Message: "outbox: disk full"}}
		}, nil, 0, nil, []string{TroubleErrors}},
		{"disk 9% free", func(h *fleet.Heartbeat) { h.DiskFreeMB, h.DiskTotalMB = 9000, 100000 }, nil, 0, nil, []string{TroubleDisk}},
		{"disk 11% free", func(h *fleet.Heartbeat) { h.DiskFreeMB, h.DiskTotalMB = 11000, 100000 }, nil, 0, nil, nil},
		{"disk 900 MB free of 2 GB", func(h *fleet.Heartbeat) { h.DiskFreeMB, h.DiskTotalMB = 900, 2000 }, nil, 0, nil, []string{TroubleDisk}},
		{"memory climbing", func(h *fleet.Heartbeat) {
			h.Quiet = []fleet.Sample{{At: day(0, 3), MB: 200}, {At: day(0, 20), MB: 190}, {At: day(1, 3), MB: 215}, {At: day(2, 3), MB: 240}, {At: day(3, 3), MB: 260}}
		}, nil, 0, nil, []string{TroubleMemory}},
		{"software old", func(h *fleet.Heartbeat) { h.Version = "1.2.9" }, nil, 0, nil, []string{TroubleSoftware}},
		{"software newer than the fleet's", func(h *fleet.Heartbeat) { h.Version = "1.4.0" }, nil, 0, nil, nil},
		{"package behind", func(h *fleet.Heartbeat) {
			h.Packages = append(h.Packages, fleet.Package{ID: "news", Version: 6})
		}, nil, 0, nil, []string{TroublePackages}},
		{"replies overdue", nil, nil, 3, nil, []string{TroubleOverdue}},
		{"log broken", nil, &fleet.Broken{Kind: "rewound", Words: "展示记录变短了"}, 0, nil, []string{TroubleLog}},
		{"log broken by the kiosk's own walk", func(h *fleet.Heartbeat) { h.DisplayLog.VerifyProblem = "第 5 条的哈希对不上" }, nil, 0, nil, []string{TroubleLog}},
		{"clock in 1970", func(h *fleet.Heartbeat) {
			h.Written = time.Date(1970, 1, 1, 0, 5, 0, 0, time.UTC)
		}, nil, 0, nil, []string{TroubleClock}},
		{"clock two days ahead", func(h *fleet.Heartbeat) { h.Written = now.Add(50 * time.Hour) }, nil, 0, nil, []string{TroubleClock}},
		{"several, worst first", func(h *fleet.Heartbeat) {
			h.Version, h.Written, h.Errors24h = "1.0.0", now.Add(-5*time.Hour), 1
		}, nil, 1, nil, []string{TroubleStale, TroubleErrors, TroubleSoftware, TroubleOverdue}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := well()
			if c.edit != nil {
				c.edit(&h)
			}
			r := rules
			if c.rules != nil {
				c.rules(&r)
			}
			var got []string
			for _, tr := range Troubles(h, now, c.broken, c.overdue, wide, r) {
				if tr.Detail == "" {
					t.Errorf("%s without a detail", tr.Word)
				}
				got = append(got, tr.Word)
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("troubles %v, want %v", got, c.want)
			}
		})
	}
}

func TestMemoryClimbing(t *testing.T) {
	at := func(d, hour int) time.Time { return time.Date(2027, 1, 1+d, hour, 0, 0, 0, time.UTC) }
	cases := []struct {
		name    string
		samples []fleet.Sample
		want    bool
	}{
		{"none", nil, false},
		{"flat", []fleet.Sample{{At: at(0, 1), MB: 200}, {At: at(1, 1), MB: 200}, {At: at(2, 1), MB: 201}, {At: at(3, 1), MB: 200}}, false},
		{"rising three days", []fleet.Sample{{At: at(0, 1), MB: 200}, {At: at(1, 1), MB: 230}, {At: at(2, 1), MB: 260}}, true},
		{"rising two days only", []fleet.Sample{{At: at(0, 1), MB: 200}, {At: at(1, 1), MB: 300}}, false},
		{"a peak each day, the floor flat", []fleet.Sample{{At: at(0, 1), MB: 200}, {At: at(0, 5), MB: 400}, {At: at(1, 1), MB: 200}, {At: at(1, 5), MB: 500}, {At: at(2, 1), MB: 199}, {At: at(2, 5), MB: 600}}, false},
		{"rising too little", []fleet.Sample{{At: at(0, 1), MB: 500}, {At: at(1, 1), MB: 510}, {At: at(2, 1), MB: 530}}, false},
		{"rose, then fell back", []fleet.Sample{{At: at(0, 1), MB: 200}, {At: at(1, 1), MB: 250}, {At: at(2, 1), MB: 300}, {At: at(3, 1), MB: 210}}, false},
		{"fell, then rising three days", []fleet.Sample{{At: at(0, 1), MB: 400}, {At: at(1, 1), MB: 200}, {At: at(2, 1), MB: 240}, {At: at(3, 1), MB: 280}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, from, to, _ := MemoryClimbing(c.samples); got != c.want {
				t.Fatalf("climbing %v (%.0f → %.0f), want %v", got, from, to, c.want)
			}
		})
	}
}

// The fleet is sorted worst first, and a kiosk is compared with the
// newest software and packages any kiosk of the fleet holds, or the
// office's release.
func TestFleetSortedAndCompared(t *testing.T) {
	db := openDB(t)
	root := t.TempDir()
	at := officeNow.Add(-10 * time.Minute)
	for _, s := range []struct {
		site, version string
		demo          int
		written       time.Time
	}{
		{"a-well", "1.3.0", 4, at},
		{"b-old", "1.2.0", 4, at},
		{"c-silent", "1.3.0", 4, at.Add(-5 * time.Hour)},
		{"d-behind", "1.3.0", 3, at},
	} {
		dir := registered(t, db, root, s.site)
		h := heartbeat(s.site, s.written)
		h.Version, h.Packages[0].Version = s.version, s.demo
		writeHeartbeat(t, dir, h, keyOf(t, s.site))
		mergeBeats(t, db, dir)
	}
	f, err := db.Fleet(context.Background(), Rules{Now: officeNow, StaleHours: 2})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, k := range f.Kiosks {
		order = append(order, k.Site)
	}
	if want := "c-silent,b-old,d-behind,a-well"; strings.Join(order, ",") != want {
		t.Fatalf("order %v, want %s", order, want)
	}
	f, err = db.Fleet(context.Background(), Rules{Now: officeNow, Release: "1.4.0"})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range f.Kiosks {
		if !slices.ContainsFunc(k.Trouble, func(tr Trouble) bool { return tr.Word == TroubleSoftware }) {
			t.Errorf("%s: %+v, want 程序旧 against --release 1.4.0", k.Site, k.Trouble)
		}
	}
}

// The workbook's 展示屏 sheet is the fleet page's table: the worst first,
// each row's state and troubles in words, a heartbeat's text kept on its
// line.
func TestFleetSheet(t *testing.T) {
	db := openDB(t)
	root := t.TempDir()
	at := officeNow.Add(-10 * time.Minute)
	well := registered(t, db, root, "a-well")
	writeHeartbeat(t, well, heartbeat("a-well", at), keyOf(t, "a-well"))
	failed := registered(t, db, root, "b-failed")
	h := heartbeat("b-failed", at)
	h.SiteName = "乙村\n=1+1"
	h.LastImport = &fleet.Import{At: at, Source: "坏包.zip", Reason: "签名对不上"}
	writeHeartbeat(t, failed, h, keyOf(t, "b-failed"))
	registered(t, db, root, "c-quiet")
	mergeBeats(t, db, well, failed)
	f, err := db.Fleet(context.Background(), Rules{Now: officeNow, StaleHours: 2, Loc: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "district.xlsx")
	if err := WriteWorkbook(name, Summary{Fleet: &f}, nil, shanghai); err != nil {
		t.Fatal(err)
	}
	rows := readSheet(t, name, FleetSheet)
	if len(rows) != 4 || len(rows[0]) != len(FleetHeader) {
		t.Fatalf("rows %q", rows)
	}
	for i, want := range [][]string{
		{"要处理", "导入失败：01-15 08:50 导入 坏包.zip 没有成功：签名对不上", "b-failed", `乙村\n=1+1`, "2027-01-15 08:50", "1.2.0"},
		{"要留意", "没有状态：", "c-quiet", "c-quiet联络站", "没有收到过"},
		{"正常", "", "a-well", "a-well联络站", "2027-01-15 08:50", "1.2.0"},
	} {
		got := rows[i+1]
		for j, w := range want {
			if j >= len(got) || !strings.HasPrefix(got[j], w) {
				t.Errorf("row %d column %d: %q, want %q", i+2, j+1, got, w)
				break
			}
		}
	}
}

// What the office keeps of a log stays small as the log grows, and still
// catches an entry rewritten long before the newest checkpoints.
func TestAnchorStaysSmall(t *testing.T) {
	db := openDB(t)
	dir := registered(t, db, t.TempDir(), "k1")
	key := keyOf(t, "k1")
	at := officeNow.Add(-48 * time.Hour)
	for n := int64(1000); n <= 200000; n += 7919 {
		h := heartbeat("k1", at)
		h.DisplayLog = displayLog(n, "orig", 1)
		writeHeartbeat(t, dir, h, key)
		if res := mergeBeats(t, db, dir); res.New != 1 || len(res.Broken) != 0 {
			t.Fatalf("log of %d entries: %+v", n, res)
		}
		at = at.Add(time.Minute)
	}
	var anchor string
	if err := db.db.QueryRow(`SELECT anchor FROM fleet WHERE site = 'k1'`).Scan(&anchor); err != nil {
		t.Fatal(err)
	}
	if len(anchor) > 16<<10 {
		t.Fatalf("anchor of %d bytes", len(anchor))
	}
	h := heartbeat("k1", at)
	h.DisplayLog = displayLog(250000, "edit", 5000)
	writeHeartbeat(t, dir, h, key)
	if res := mergeBeats(t, db, dir); len(res.Broken) != 1 || res.Broken[0].Kind != "rewritten" {
		t.Fatalf("entry 5000 rewritten: %+v", res.Broken)
	}
}

// A kiosk's hourly history holds what the page shows of an hour, however
// much a heartbeat (signed with a registered key, within its megabyte)
// carries, and at most HistoryDays×24 hours, even of a clock running ahead
// (those hours are never older than HistoryDays).
func TestHistoryStaysSmall(t *testing.T) {
	db := openDB(t)
	dir := registered(t, db, t.TempDir(), "k1")
	key := keyOf(t, "k1")
	long := strings.Repeat("清", 5000)
	h := heartbeat("k1", officeNow.Add(-time.Hour))
	h.Version = long
	h.LastImport = &fleet.Import{At: officeNow.UTC(), Source: long, Reason: long}
	h.Update = &fleet.Update{At: officeNow.UTC(), To: long, Outcome: fleet.UpdateRefused, Reason: long}
	for range 500 {
		h.Refused = append(h.Refused, fleet.Import{At: officeNow.UTC(), Source: "村务公开.zip", Reason: strings.Repeat("签名对不上", 100)})
	}
	writeHeartbeat(t, dir, h, key)
	if res := mergeBeats(t, db, dir); res.New != 1 {
		t.Fatalf("%+v", res)
	}
	var most int
	if err := db.db.QueryRow(`SELECT max(length(heartbeat)) FROM fleet_history WHERE site = 'k1'`).Scan(&most); err != nil {
		t.Fatal(err)
	}
	if most > 32<<10 {
		t.Errorf("an hour of history takes %d KB", most>>10)
	}
	beats, err := db.History(context.Background(), "k1")
	if err != nil || len(beats) != 1 {
		t.Fatalf("%d beats, %v", len(beats), err)
	}
	if b := beats[0]; len(b.Refused) != 20 || !strings.HasPrefix(b.Version, "清清") || !strings.HasPrefix(b.LastImport.Reason, "清清") {
		t.Errorf("kept %d refusals, version %.12q, reason %.12q", len(b.Refused), b.Version, b.LastImport.Reason)
	}

	ahead := officeNow.AddDate(1, 0, 0)
	for i := range HistoryDays*24 + 5 {
		writeHeartbeat(t, dir, heartbeat("k1", ahead.Add(time.Duration(i)*time.Hour)), key)
		if res := mergeBeats(t, db, dir); res.New != 1 {
			t.Fatalf("%+v", res)
		}
	}
	var rows int
	if err := db.db.QueryRow(`SELECT count(*) FROM fleet_history WHERE site = 'k1'`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows > HistoryDays*24 {
		t.Errorf("%d hours of history kept, at most %d", rows, HistoryDays*24)
	}
}
