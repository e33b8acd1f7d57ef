package release

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qingfeng/content/fleet"
	"qingfeng/content/sign"
)

// fakeProgram writes a file that starts with a 64-bit ELF header for
// machine m, as much of a program as the checks read.
func fakeProgram(tb testing.TB, name string, m elf.Machine, size int) {
	tb.Helper()
	var h elf.Header64
	copy(h.Ident[:], elf.ELFMAG)
	h.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	h.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	h.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	h.Type = uint16(elf.ET_EXEC)
	h.Machine = uint16(m)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if err := binary.Write(f, binary.LittleEndian, h); err != nil {
		tb.Fatal(err)
	}
	if _, err := f.Write(make([]byte, size)); err != nil {
		tb.Fatal(err)
	}
}

// bins writes both programs for each architecture under dir.
func bins(tb testing.TB, dir string, archs ...string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, a := range archs {
		m := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[a]
		for _, p := range Programs {
			fakeProgram(tb, filepath.Join(dir, a, p), m, 4096)
		}
		out[a] = filepath.Join(dir, a)
	}
	return out
}

func newKey(tb testing.TB) sign.Private {
	tb.Helper()
	_, k, err := sign.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

var now = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)

func plenty(string) (int64, error) { return 10 << 30, nil }

func TestCheckRefuses(t *testing.T) {
	office, stranger := newKey(t), newKey(t)
	kiosk := Kiosk{Trusted: []string{office.Public().String()}, Version: "1.2.0", Arch: "amd64", Root: t.TempDir(), Free: plenty}
	storeDir := t.TempDir()
	for _, c := range []struct {
		name      string
		version   string
		archs     []string
		downgrade []string
		key       *sign.Private
		kiosk     func(*Kiosk)
		spoil     func(tb testing.TB, dir string)
		want      string // in the refusal; "" = accepted
	}{
		{name: "newer", version: "1.3.0", want: ""},
		{name: "newer by commits", version: "1.2.0-4-gabc1234", want: ""},
		{name: "both archs", version: "1.3.0", archs: []string{"amd64", "arm64"}, want: ""},
		{name: "wrong architecture", version: "1.3.0", archs: []string{"arm64"}, want: "没有本机（amd64）用的程序"},
		{name: "older", version: "1.1.9", want: "比本机正在运行的 1.2.0 旧"},
		{name: "equal", version: "1.2.0", want: "相同"},
		{name: "older signed as a downgrade from the running version", version: "1.1.9", downgrade: []string{"1.3.0", "1.2.0"}, want: ""},
		// A downgrade signed to replace 1.3.0 cannot be replayed on a
		// kiosk that runs 1.2.0 (nor on one that was updated since).
		{name: "downgrade made for another version", version: "1.1.9", downgrade: []string{"1.3.0"}, want: "只用来把版本 1.3.0 换回 1.1.9"},
		{name: "untrusted key", version: "1.3.0", key: &stranger, want: "不在本机接受程序更新的名单里"},
		{name: "no trusted keys at all", version: "1.3.0", kiosk: func(k *Kiosk) { k.Trusted = nil }, want: "update.publishers 是空的"},
		{name: "unsigned", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			os.Remove(filepath.Join(dir, sign.ManifestFile))
			os.Remove(filepath.Join(dir, sign.SignatureFile))
		}, want: "没有签名"},
		{name: "downgrade slipped in after signing", version: "1.1.9", spoil: func(tb testing.TB, dir string) {
			editInfo(tb, dir, func(i *Info) { i.Downgrade, i.DowngradeFrom = true, []string{"1.2.0"} })
		}, want: "被改动过"},
		{name: "manifest edited", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			name := filepath.Join(dir, sign.ManifestFile)
			data, _ := os.ReadFile(name)
			os.WriteFile(name, []byte(strings.Replace(string(data), "amd64/qingfeng\n", "amd64/qingfeng2\n", 1)), 0o644)
		}, want: "签名对不上"},
		{name: "program for another machine under amd64", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			fakeProgram(tb, filepath.Join(dir, "amd64", "qingfeng"), elf.EM_AARCH64, 4096)
		}, want: "是 arm64 用的程序"},
		{name: "not a program", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			os.WriteFile(filepath.Join(dir, "amd64", "qingfeng-exhibits"), []byte("#!/bin/sh\nrm -rf /\n"), 0o755)
		}, want: "不是能在本机运行的程序"},
		{name: "program replaced by a link", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			p := filepath.Join(dir, "amd64", "qingfeng")
			os.Remove(p)
			os.Symlink("/bin/sh", p)
		}, want: "缺少 amd64/qingfeng"},
		{name: "manifest is a link out of the package", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			m := filepath.Join(dir, sign.ManifestFile)
			os.Rename(m, filepath.Join(dir, "..", "elsewhere.txt"))
			os.Symlink(filepath.Join(dir, "..", "elsewhere.txt"), m)
		}, want: "MANIFEST.txt 不是普通文件"},
		{name: "architecture folder is a link", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			os.Rename(filepath.Join(dir, "amd64"), filepath.Join(dir, "..", "progs"))
			os.Symlink(filepath.Join(dir, "..", "progs"), filepath.Join(dir, "amd64"))
		}, want: "缺少文件夹 amd64"},
		{name: "info oversized", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			os.WriteFile(filepath.Join(dir, InfoFile), make([]byte, MaxInfoBytes+1), 0o644)
		}, want: "超过了 64 KB"},
		{name: "info not json", version: "1.3.0", spoil: func(tb testing.TB, dir string) {
			os.WriteFile(filepath.Join(dir, InfoFile), []byte("{\n\"format\": \"qingfeng-release 1\",\n\"version\": 1.3\n x}"), 0o644)
		}, want: "release.json:4："},
		{name: "does not fit on the disk", version: "1.3.0", kiosk: func(k *Kiosk) {
			k.Free = func(string) (int64, error) { return Margin + 4096, nil }
		}, want: "磁盘空间不够"},
		{name: "disk unknown", version: "1.3.0", kiosk: func(k *Kiosk) {
			k.Free = func(string) (int64, error) { return 0, errors.New("no such file system") }
		}, want: "还剩多少空间"},
		{name: "not started by the start script", version: "1.3.0", kiosk: func(k *Kiosk) {
			k.Root, k.Free = "", FreeBytes
		}, want: "不是由启动脚本运行的"},
		{name: "database copy does not fit", version: "1.3.0", kiosk: func(k *Kiosk) {
			k.Store = filepath.Join(storeDir, "qingfeng.db")
			os.WriteFile(k.Store, make([]byte, 8<<20), 0o644)
			k.Free = func(string) (int64, error) { return Margin + 2*(64+4096) + 4<<20, nil }
		}, want: "备份数据库 8 MB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			archs := c.archs
			if archs == nil {
				archs = []string{"amd64"}
			}
			key := office
			if c.key != nil {
				key = *c.key
			}
			dir, err := Make(tmp, c.version, bins(t, filepath.Join(tmp, "bin"), archs...), c.downgrade, key, now)
			if err != nil {
				t.Fatal(err)
			}
			if c.spoil != nil {
				c.spoil(t, dir)
			}
			k := kiosk
			if c.kiosk != nil {
				c.kiosk(&k)
			}
			got, err := Check(dir, k)
			var r *Refusal
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want == "" && got.Size != 2*(64+4096):
				t.Errorf("size %d", got.Size)
			case c.want != "" && (!errors.As(err, &r) || !strings.Contains(r.Words, c.want)):
				t.Fatalf("got %v, want a refusal saying %q", err, c.want)
			}
		})
	}
}

func editInfo(tb testing.TB, dir string, edit func(*Info)) {
	tb.Helper()
	name := filepath.Join(dir, InfoFile)
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	var i Info
	if err := json.Unmarshal(data, &i); err != nil {
		tb.Fatal(err)
	}
	edit(&i)
	data, _ = json.Marshal(i)
	if err := os.WriteFile(name, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestMakeRefusesWrongFolder(t *testing.T) {
	tmp := t.TempDir()
	b := bins(t, filepath.Join(tmp, "bin"), "arm64")
	if _, err := Make(tmp, "1.0.0", map[string]string{"amd64": b["arm64"]}, nil, newKey(t), now); err == nil || !strings.Contains(err.Error(), "不是 amd64 的") {
		t.Errorf("arm64 programs given as amd64: %v", err)
	}
	if _, err := Make(tmp, "1.0.0/../../x", b, nil, newKey(t), now); err == nil {
		t.Error("a version naming another folder was taken")
	}
}

func TestDecide(t *testing.T) {
	sw := now
	at := func(d time.Duration) time.Time { return sw.Add(d) }
	for _, c := range []struct {
		name   string
		starts []time.Duration
		ready  time.Duration // 0: not ready
		now    time.Duration
		want   Decision
	}{
		{"first start", nil, 0, 2 * time.Second, GoOn},
		{"crashed once, quickly", []time.Duration{2 * time.Second}, 0, 10 * time.Second, GoOn},
		{"crashed three times in a row", []time.Duration{2 * time.Second, 8 * time.Second, 14 * time.Second}, 0, 20 * time.Second, RollBack},
		{"never ready, restarted after a minute", []time.Duration{2 * time.Second}, 0, 70 * time.Second, RollBack},
		{"ready, then two crashes", []time.Duration{2 * time.Second, 5 * time.Minute}, 30 * time.Second, 6 * time.Minute, GoOn},
		{"ready, then three crashes in ten minutes", []time.Duration{2 * time.Second, 5 * time.Minute, 6 * time.Minute}, 30 * time.Second, 9 * time.Minute, RollBack},
		{"ready, restarted after the window", []time.Duration{2 * time.Second, 5 * time.Minute, 6 * time.Minute}, 30 * time.Second, 11 * time.Minute, Passed},
		{"ready and restarted once after the window", []time.Duration{2 * time.Second}, 40 * time.Second, 3 * time.Hour, Passed},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := Trial{From: "1.0.0", To: "1.1.0", Switched: sw}
			for _, s := range c.starts {
				tr.Starts = append(tr.Starts, at(s))
			}
			if c.ready > 0 {
				tr.Ready = at(c.ready)
			}
			if got, why := tr.Decide(at(c.now)); got != c.want || (got == RollBack) != (why != "") {
				t.Errorf("got %v (%q), want %v", got, why, c.want)
			}
		})
	}
}

// installed is a releases folder with release v running, as make install
// leaves it.
func installed(tb testing.TB, v string) string {
	tb.Helper()
	root := tb.TempDir()
	bins(tb, filepath.Join(root, v+"-src"), "amd64")
	if err := os.Rename(filepath.Join(root, v+"-src", "amd64"), filepath.Join(root, v)); err != nil {
		tb.Fatal(err)
	}
	os.RemoveAll(filepath.Join(root, v+"-src"))
	if err := os.Symlink(v, filepath.Join(root, Current)); err != nil {
		tb.Fatal(err)
	}
	return root
}

func readUpdate(tb testing.TB, name string) fleet.Update {
	tb.Helper()
	var u fleet.Update
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(data, &u); err != nil {
		tb.Fatal(err)
	}
	return u
}

// TestInstallSwitchAndTrial goes through an update that passes its trial
// and one that is rolled back, with the files a start script looks at.
func TestInstallSwitchAndTrial(t *testing.T) {
	office := newKey(t)
	upd := filepath.Join(t.TempDir(), fleet.UpdateFile)
	root := installed(t, "1.0.0")
	k := Kiosk{Trusted: []string{office.Public().String()}, Version: "1.0.0", Arch: "amd64", Root: root, Free: plenty}
	tmp := t.TempDir()
	pkg, err := Make(tmp, "1.1.0", bins(t, filepath.Join(tmp, "bin"), "amd64"), nil, office, now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Check(pkg, k)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Install(c, root); err != nil {
		t.Fatal(err)
	}
	if err := Switch(root, "1.1.0", upd, now); err != nil {
		t.Fatal(err)
	}
	if Running(root) != "1.1.0" || Before(root) != "1.0.0" || readUpdate(t, upd).Outcome != fleet.UpdateTrying {
		t.Fatalf("after the switch: current %s, previous %s", Running(root), Before(root))
	}
	d, waiting, err := AtStart(root, now.Add(3*time.Second), nil)
	if err != nil || d != GoOn || !waiting {
		t.Fatalf("first start: %v %v %v", d, waiting, err)
	}
	if ok, err := MarkReady(root, "1.0.0", now.Add(10*time.Second)); ok || err != nil {
		t.Errorf("the old release marked the trial ready: %v %v", ok, err)
	}
	if ok, err := MarkReady(root, "1.1.0", now.Add(10*time.Second)); !ok || err != nil {
		t.Fatalf("ready: %v %v", ok, err)
	}
	if u := readUpdate(t, upd); u.Outcome != fleet.UpdateInstalled || u.From != "1.0.0" || u.To != "1.1.0" {
		t.Errorf("after ready: %+v", u)
	}
	if rb, err := Watch(root, now.Add(70*time.Second)); rb || err != nil {
		t.Errorf("watch after ready: %v %v", rb, err)
	}
	if d, _, _ := AtStart(root, now.Add(time.Hour), nil); d != Passed {
		t.Errorf("a start an hour later: %v", d)
	}
	if _, ok, _ := LoadTrial(root); ok || Running(root) != "1.1.0" {
		t.Errorf("the trial is not over")
	}

	// 1.2.0 never reports ready: the watcher stops it, and the next start
	// brings 1.1.0 back.
	k.Version = "1.1.0"
	pkg, err = Make(tmp, "1.2.0", bins(t, filepath.Join(tmp, "bin2"), "amd64"), nil, office, now)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = Check(pkg, k); err != nil {
		t.Fatal(err)
	}
	// 1.2.0's install keeps the running release and the one before it,
	// removes older ones and a copy left unfinished, and nothing that is
	// not a release.
	for _, d := range []string{"bin", partial + "0.9.0", "0.9.0"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	if _, err := Install(c, root); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]bool{"bin": true, partial + "0.9.0": false, "0.9.0": false, "1.0.0": true, "1.1.0": true, "1.2.0": true} {
		if _, err := os.Stat(filepath.Join(root, d)); (err == nil) != want {
			t.Errorf("after installing 1.2.0, %s there: %v, want %v", d, err == nil, want)
		}
	}
	Switch(root, "1.2.0", upd, now)
	AtStart(root, now.Add(2*time.Second), nil)
	if rb, _ := Watch(root, now.Add(30*time.Second)); rb {
		t.Error("rolled back before its minute was up")
	}
	if rb, err := Watch(root, now.Add(62*time.Second)); !rb || err != nil {
		t.Fatalf("watch: %v %v", rb, err)
	}
	if d, waiting, _ := AtStart(root, now.Add(70*time.Second), nil); d != RollBack || waiting {
		t.Errorf("start after the watcher stopped 1.2.0: %v waiting %v", d, waiting)
	}
	u := readUpdate(t, upd)
	if Running(root) != "1.1.0" || u.Outcome != fleet.UpdateRolledBack || !strings.Contains(u.Reason, "60 秒内没有报告启动好") {
		t.Errorf("after the minute: current %s, %+v", Running(root), u)
	}
	if d, waiting, _ := AtStart(root, now.Add(80*time.Second), nil); d != GoOn || waiting {
		t.Errorf("start after the rollback: %v waiting %v", d, waiting)
	}
}

func TestInstallRefusesTamperedProgram(t *testing.T) {
	office := newKey(t)
	root := installed(t, "1.0.0")
	tmp := t.TempDir()
	pkg, _ := Make(tmp, "1.1.0", bins(t, filepath.Join(tmp, "bin"), "amd64"), nil, office, now)
	c, err := Check(pkg, Kiosk{Trusted: []string{office.Public().String()}, Version: "1.0.0", Arch: "amd64", Root: root, Free: plenty})
	if err != nil {
		t.Fatal(err)
	}
	// After the check, before the copy: a byte changed, the size kept (a
	// size changed is refused before anything is copied: TestInstallProgramGrew).
	f, err := os.OpenFile(filepath.Join(pkg, "amd64", "qingfeng"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte{1}, 1000)
	f.Close()
	if _, err := Install(c, root); err == nil || !strings.Contains(err.Error(), "和签名时不一样") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "1.1.0")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a tampered release was left installed: %v", err)
	}
	if Running(root) != "1.0.0" {
		t.Error("switched")
	}
}

// resign signs the release in dir again as it now is (its release.json
// changed), as an office with the key could.
func resign(tb testing.TB, dir string, k sign.Private) {
	tb.Helper()
	text, err := os.ReadFile(filepath.Join(dir, sign.ManifestFile))
	if err != nil {
		tb.Fatal(err)
	}
	m, err := sign.ParseManifest(text)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, InfoFile))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if m.Files[InfoFile], err = sign.Hash(f); err != nil {
		tb.Fatal(err)
	}
	text = m.Encode()
	os.WriteFile(filepath.Join(dir, sign.ManifestFile), text, 0o644)
	os.WriteFile(filepath.Join(dir, sign.SignatureFile), sign.Sign(k, text), 0o644)
}

// A power cut between writing the trial and moving the current link
// leaves the previous release current: the next start ends the trial
// instead of waiting a minute and stopping the release that runs.
func TestSwitchCutShort(t *testing.T) {
	root := installed(t, "1.0.0")
	upd := filepath.Join(t.TempDir(), fleet.UpdateFile)
	os.MkdirAll(filepath.Join(root, "1.1.0"), 0o755)
	tr := Trial{From: "1.0.0", To: "1.1.0", Switched: now, UpdateFile: upd}
	if err := tr.save(root); err != nil {
		t.Fatal(err)
	}
	os.Symlink("1.0.0", filepath.Join(root, Previous))
	d, waiting, err := AtStart(root, now.Add(5*time.Second), nil)
	if err != nil || d != RollBack || waiting {
		t.Fatalf("got %v, waiting %v, %v", d, waiting, err)
	}
	if _, ok, _ := LoadTrial(root); ok || Running(root) != "1.0.0" {
		t.Errorf("trial still on, or current %s", Running(root))
	}
	if u := readUpdate(t, upd); u.Outcome != fleet.UpdateRolledBack || !strings.Contains(u.Reason, "中断") {
		t.Errorf("%+v", u)
	}
}

// A trial whose times are ahead of the clock (a board without a clock
// battery that switched at a wrong time, then was set right; or a
// trial.json written by hand) starts its clock again at the next start:
// neither is a release that reported ready rolled back days later for
// "three failures in ten minutes", nor is one that never reports ready
// kept because its minute never ends.
func TestTrialClockWentBack(t *testing.T) {
	for _, c := range []struct {
		name  string
		ready bool
		// then: the starts after the clock went back, from the first.
		then []time.Duration
		want Decision
		why  string // in the update's reason when rolled back
	}{
		{"ready, then started each morning", true, []time.Duration{0, 24 * time.Hour, 48 * time.Hour, 72 * time.Hour}, Passed, ""},
		{"never ready", false, []time.Duration{0, 61 * time.Second}, RollBack, "没有报告启动好"},
		{"ready, then failing at once", true, []time.Duration{0, time.Second, 2 * time.Second, 3 * time.Second}, RollBack, "启动失败了 3 次"},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := installed(t, "1.0.0")
			os.MkdirAll(filepath.Join(root, "1.1.0"), 0o755)
			upd := filepath.Join(t.TempDir(), fleet.UpdateFile)
			ahead := now.AddDate(0, 0, 30) // the clock when it switched
			if err := Switch(root, "1.1.0", upd, ahead); err != nil {
				t.Fatal(err)
			}
			if _, _, err := AtStart(root, ahead.Add(2*time.Second), nil); err != nil {
				t.Fatal(err)
			}
			if c.ready {
				if ok, err := MarkReady(root, "1.1.0", ahead.Add(20*time.Second)); !ok || err != nil {
					t.Fatalf("ready: %v %v", ok, err)
				}
			}
			var d Decision
			for _, s := range c.then {
				var err error
				if d, _, err = AtStart(root, now.Add(s), nil); err != nil {
					t.Fatal(err)
				}
				if d != GoOn {
					break
				}
			}
			if d != c.want {
				t.Fatalf("got %v, want %v", d, c.want)
			}
			if d == RollBack {
				if u := readUpdate(t, upd); Running(root) != "1.0.0" || !strings.Contains(u.Reason, c.why) {
					t.Errorf("current %s, %+v", Running(root), u)
				}
			} else if Running(root) != "1.1.0" {
				t.Errorf("current %s", Running(root))
			}
		})
	}
}

// A trial.json that cannot be read (not a file, not whole, not a trial)
// leaves the release on trial unjudged: the start brings back the one
// before it, which worked, rather than starting the new one for ever.
func TestTrialUnreadable(t *testing.T) {
	for _, c := range []struct {
		name  string
		write func(name string)
	}{
		{"cut short", func(name string) { os.WriteFile(name, []byte(`{"from": "1.0.0", "to": "1.1`), 0o644) }},
		{"not a trial", func(name string) { os.WriteFile(name, []byte(`{"from": "../../etc", "to": "1.1.0"}`), 0o644) }},
		{"too large", func(name string) { os.WriteFile(name, bytes.Repeat([]byte(" "), 1<<20), 0o644) }},
		{"a link", func(name string) { os.Symlink("/dev/zero", name) }},
		{"a folder", func(name string) { os.Mkdir(name, 0o755) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := installed(t, "1.0.0")
			os.MkdirAll(filepath.Join(root, "1.1.0"), 0o755)
			if err := Switch(root, "1.1.0", filepath.Join(t.TempDir(), fleet.UpdateFile), now); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(root, TrialFile))
			c.write(filepath.Join(root, TrialFile))
			d, waiting, err := AtStart(root, now.Add(5*time.Second), nil)
			if d != RollBack || waiting || err != nil {
				t.Fatalf("got %v, waiting %v, %v", d, waiting, err)
			}
			if Running(root) != "1.0.0" {
				t.Errorf("current %s, want the previous release", Running(root))
			}
			if _, err := os.Lstat(filepath.Join(root, TrialFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the unreadable trial is still there: %v", err)
			}
			// The next start is an ordinary one.
			if d, _, err := AtStart(root, now.Add(time.Minute), nil); d != GoOn || err != nil {
				t.Errorf("next start: %v %v", d, err)
			}
		})
	}
}

// A current link that leads out of the releases folder (set by hand) is
// not a release the trial could come back to: the previous link names
// releases by their folder in root, and would name one that is not there.
// The update is refused rather than leave the kiosk nothing to start.
func TestCurrentOutsideRoot(t *testing.T) {
	office := newKey(t)
	elsewhere := installed(t, "1.0.0")
	for _, target := range []string{filepath.Join(elsewhere, "1.0.0"), "../" + filepath.Base(elsewhere) + "/1.0.0"} {
		root := filepath.Join(filepath.Dir(elsewhere), "releases")
		os.RemoveAll(root)
		os.MkdirAll(root, 0o755)
		if err := os.Symlink(target, filepath.Join(root, Current)); err != nil {
			t.Fatal(err)
		}
		tmp := t.TempDir()
		pkg, err := Make(tmp, "1.1.0", bins(t, filepath.Join(tmp, "bin"), "amd64"), nil, office, now)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Check(pkg, Kiosk{Trusted: []string{office.Public().String()}, Version: "1.0.0", Arch: "amd64", Root: root, Free: plenty})
		if err != nil {
			t.Fatal(err)
		}
		var r *Refusal
		if _, err := Install(c, root); !errors.As(err, &r) {
			t.Errorf("current → %s: installed (%v)", target, err)
		}
		if _, err := os.Lstat(filepath.Join(root, "1.1.0")); err == nil {
			t.Errorf("current → %s: 1.1.0 written", target)
		}
	}
}

// A program that grew after the check (still being copied onto the
// stick) is not copied on: the disk was checked for its size then, and a
// growing file could take the room kept for the kiosk's database.
func TestInstallProgramGrew(t *testing.T) {
	office := newKey(t)
	root := installed(t, "1.0.0")
	tmp := t.TempDir()
	pkg, _ := Make(tmp, "1.1.0", bins(t, filepath.Join(tmp, "bin"), "amd64"), nil, office, now)
	c, err := Check(pkg, Kiosk{Trusted: []string{office.Public().String()}, Version: "1.0.0", Arch: "amd64", Root: root, Free: plenty})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(pkg, "amd64", "qingfeng-exhibits"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(make([]byte, 1<<20))
	f.Close()
	var r *Refusal
	if _, err := Install(c, root); !errors.As(err, &r) || !r.Incomplete || !strings.Contains(r.Words, "检查以后变了") {
		t.Fatalf("got %v", err)
	}
	if ents, _ := os.ReadDir(root); len(ents) != 2 {
		t.Errorf("left in the releases folder: %v", ents)
	}
}
