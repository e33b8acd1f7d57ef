package usbsync

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"qingfeng/content/contenttest"
	"qingfeng/content/durable"
	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
)

// A kiosk's outbox as the kiosk leaves it: two batches, the heartbeat, a
// screenshot, and what must not travel (a temp file, the .stignore, a
// stray file).
const kioskOutbox = `
-- batch-0001.json --
{"format":"qingfeng-outbox 1","batch":"0001"}
-- batch-0002.json --
{"format":"qingfeng-outbox 1","batch":"0002"}
-- heartbeat.json --
{"beat":1}
-- screens/screen-shili-20261206-100000.jpg --
jpeg
-- screens/.tmp-screen-shili-20261206-110000.jpg-1 --
half
-- .tmp-batch-0003.json-42 --
{"half
-- .stignore --
.tmp-*
-- notes.txt --
not for the office
`

// The stick as the office left it: a replies pack (a folder), a content
// package (a zip), and what is not a package.
const stickInbox = `
-- inbox/replies-qingfeng-qu/package.yaml --
id: replies-qingfeng-qu
-- inbox/新内容.zip --
PK
-- inbox/说明.txt --
read me
-- inbox/.hidden/package.yaml --
id: hidden
-- inbox/~lock.zip --
PK
`

func TestSyncCopiesOutboxAndTakesInbox(t *testing.T) {
	ctx := context.Background()
	out := contenttest.Dir(t, kioskOutbox)
	stick := contenttest.Dir(t, stickInbox)
	var asked []string
	o := Options{Stick: stick, Site: "shili", Outbox: out, Import: func(_ context.Context, path string) Taken {
		asked = append(asked, path)
		return Taken{OK: true, Words: "已导入"}
	}}
	r, err := Sync(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(stick, OutboxDir, "shili")
	if r.SiteDir != site || r.Batches != 2 || !r.Heartbeat || r.Screens != 1 || r.Already != 0 {
		t.Fatalf("first sync: %+v", r)
	}
	if got := tree(t, site); !slices.Equal(got, []string{"batch-0001.json", "batch-0002.json", "heartbeat.json", "screens/screen-shili-20261206-100000.jpg"}) {
		t.Fatalf("on the stick: %q", got)
	}
	// collect reads the stick's folder as a Syncthing one: the batches.
	if fs, err := outbox.Files(site); err != nil || len(fs) != 2 {
		t.Fatalf("outbox.Files on the stick: %v %v", fs, err)
	}
	want := []string{filepath.Join(stick, InboxDir, "replies-qingfeng-qu"), filepath.Join(stick, InboxDir, "新内容.zip")}
	if !slices.Equal(asked, want) {
		t.Fatalf("imported %q, want %q", asked, want)
	}
	words := r.Words()
	for _, w := range []string{"意见和统计 2 个文件", "本机状态", "屏幕截图 1 张", "从U盘导入：2 个内容包，成功 2 个", "可以拔下U盘了"} {
		if !strings.Contains(words, w) {
			t.Errorf("the words lack %q:\n%s", w, words)
		}
	}

	// A second sync writes only what is new, and the heartbeat again.
	if err := os.WriteFile(filepath.Join(out, "batch-0003.json"), []byte(`{"batch":"0003"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, fleet.File), []byte(`{"beat":2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = Sync(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if r.Batches != 1 || !r.Heartbeat || r.Screens != 0 || r.Already != 3 {
		t.Fatalf("second sync: %+v", r)
	}
	if b, _ := os.ReadFile(filepath.Join(site, fleet.File)); string(b) != `{"beat":2}` {
		t.Errorf("the heartbeat on the stick is %q", b)
	}
}

// A new stick, with nothing on it yet: its qingfeng folder is made.
func TestSyncOnANewStick(t *testing.T) {
	stick := filepath.Join(t.TempDir(), "qingfeng")
	r, err := Sync(context.Background(), Options{Stick: stick, Site: "shili", Outbox: contenttest.Dir(t, kioskOutbox)})
	if err != nil || r.Batches != 2 {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestSyncRefuses(t *testing.T) {
	out := contenttest.Dir(t, kioskOutbox)
	for _, tc := range []struct {
		name, site, stick, want string
	}{
		{"no stick", "shili", filepath.Join(t.TempDir(), "media", "usb", "qingfeng"), "U盘插好了吗"},
		{"the folder is a file", "shili", filepath.Join(contenttest.Dir(t, "-- qingfeng --\n"), "qingfeng"), "U盘插好了吗"},
		{"no site id", "", t.TempDir(), "site.id"},
		{"site id with a path", "../x", t.TempDir(), "site.id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Sync(context.Background(), Options{Stick: tc.stick, Site: tc.site, Outbox: out})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(tc.stick, OutboxDir)); err == nil {
				t.Errorf("an outbox folder was made on the stick")
			}
		})
	}
}

// A stick pulled out mid-copy: the write fails halfway. Nothing is left on
// the stick under a name collect reads, and the kiosk keeps every file, so
// the next sync copies all of them.
func TestSyncStickPulledMidCopy(t *testing.T) {
	ctx := context.Background()
	out := contenttest.Dir(t, kioskOutbox)
	before := tree(t, out)
	stick := t.TempDir()
	writes := 0
	writeFunc = func(path string, perm fs.FileMode, write func(io.Writer) error) error {
		writes++
		if writes < 2 {
			return durable.WriteFunc(path, perm, write)
		}
		// The second file: half its bytes go, then the device is gone.
		// The temp file stays, as after a power cut.
		f, err := durable.Create(path, perm)
		if err != nil {
			return err
		}
		f.Write([]byte(`{"format":"qingfeng-out`))
		return errors.New("input/output error")
	}
	t.Cleanup(func() { writeFunc = durable.WriteFunc })
	_, err := Sync(ctx, Options{Stick: stick, Site: "shili", Outbox: out})
	if err == nil || !strings.Contains(err.Error(), "写U盘时出错") {
		t.Fatalf("err %v", err)
	}
	site := filepath.Join(stick, OutboxDir, "shili")
	files, err := outbox.Files(site)
	if err != nil || len(files) != 1 || filepath.Base(files[0]) != "batch-0001.json" {
		t.Fatalf("collect would read %v (%v)", files, err)
	}
	if b, err := os.ReadFile(files[0]); err != nil || !strings.HasSuffix(string(b), `"0001"}`+"\n") {
		t.Fatalf("the batch on the stick: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(site, fleet.File)); err == nil {
		t.Errorf("a heartbeat is on the stick though its copy came after the failure")
	}
	if got := tree(t, out); !slices.Equal(got, before) {
		t.Fatalf("the kiosk's outbox changed: %q, was %q", got, before)
	}
	writeFunc = durable.WriteFunc
	r, err := Sync(ctx, Options{Stick: stick, Site: "shili", Outbox: out})
	if err != nil || r.Batches != 1 || r.Already != 1 || !r.Heartbeat || r.Screens != 1 {
		t.Fatalf("the sync after: %+v %v", r, err)
	}
	if files, _ := outbox.Files(site); len(files) != 2 {
		t.Fatalf("after a new sync collect reads %v", files)
	}
}

// tree lists the regular files under dir (slash paths, sorted), leaving out
// durable's temp files.
func tree(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || durable.IsTemp(d.Name()) {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// A stick's folder that is a link (an ext4 stick someone prepared) is not
// followed: the kiosk's files would go, and packages would come from,
// anywhere on its disk.
func TestSyncRefusesLinkedFolders(t *testing.T) {
	for _, tc := range []struct{ name, link string }{
		{"outbox", OutboxDir},
		{"site folder", filepath.Join(OutboxDir, "shili")},
		{"screens", filepath.Join(OutboxDir, "shili", fleet.ScreensDir)},
		{"inbox", InboxDir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := contenttest.Dir(t, kioskOutbox)
			stick, elsewhere := t.TempDir(), contenttest.Dir(t, "-- p/package.yaml --\nid: p\n")
			if err := os.MkdirAll(filepath.Dir(filepath.Join(stick, tc.link)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(elsewhere, filepath.Join(stick, tc.link)); err != nil {
				t.Fatal(err)
			}
			var asked []string
			_, err := Sync(context.Background(), Options{Stick: stick, Site: "shili", Outbox: out,
				Import: func(_ context.Context, path string) Taken { asked = append(asked, path); return Taken{OK: true} }})
			if err == nil || !strings.Contains(err.Error(), "不是普通文件夹") {
				t.Fatalf("err %v", err)
			}
			var got []string
			filepath.WalkDir(elsewhere, func(p string, _ fs.DirEntry, _ error) error {
				rel, _ := filepath.Rel(elsewhere, p)
				got = append(got, filepath.ToSlash(rel))
				return nil
			})
			if !slices.Equal(got, []string{".", "p", "p/package.yaml"}) || len(asked) > 0 {
				t.Fatalf("through the link: wrote %q, imported %q", got, asked)
			}
		})
	}
}
