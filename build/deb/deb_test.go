// Package deb holds the tests of the Debian package build/deb/build.sh
// makes (make deb): its contents and control fields, lintian's verdict and
// an install, upgrade, remove and purge into a throw-away root. It has no
// code of its own and imports only the standard library.
package deb

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// buildDeb runs build.sh on two fake amd64 programs as version v and
// returns the package's path.
func buildDeb(t testing.TB, v string) string {
	t.Helper()
	return buildDebArch(t, v, "amd64")
}

func buildDebArch(t testing.TB, v, arch string) string {
	t.Helper()
	bin := t.TempDir()
	for _, p := range []string{"qingfeng", "qingfeng-exhibits"} {
		if err := os.WriteFile(filepath.Join(bin, p), []byte("#!/bin/sh\necho "+p+" "+v+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return packBin(t, bin, v, arch)
}

// packBin runs build.sh on the programs in bin as version v.
func packBin(t testing.TB, bin, v, arch string) string {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command("bash", "build.sh", bin, arch, out)
	cmd.Env = append(os.Environ(), "VERSION="+v)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("build.sh %s: %v\n%s", v, err, stderr(err))
	}
	deb := strings.TrimSpace(string(b))
	if want := filepath.Join(out, "qingfeng_"+strings.ReplaceAll(v, "-", "+")+"_"+arch+".deb"); deb != want {
		t.Fatalf("build.sh wrote %q, want %q", deb, want)
	}
	return deb
}

func stderr(err error) string {
	if e, ok := err.(*exec.ExitError); ok {
		return string(e.Stderr)
	}
	return ""
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestPackageContentsAndControl(t *testing.T) {
	for _, arch := range []string{"amd64", "arm64"} {
		t.Run(arch, func(t *testing.T) { testContents(t, arch) })
	}
}

func testContents(t *testing.T, arch string) {
	deb := buildDebArch(t, "1.2.0-7-gabcdef1", arch)

	// dpkg-deb -c: "mode owner/group size date time ./path[ -> target]".
	type entry struct{ mode, owner, link string }
	got := map[string]entry{}
	for _, line := range strings.Split(strings.TrimSpace(run(t, "dpkg-deb", "-c", deb)), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 {
			t.Fatalf("dpkg-deb -c: odd line %q", line)
		}
		e := entry{mode: f[0], owner: f[1]}
		p := strings.TrimSuffix(strings.TrimPrefix(f[5], "./"), "/")
		if len(f) == 8 && f[6] == "->" {
			e.link = f[7]
		}
		got[p] = e
	}
	want := map[string]string{
		"opt/qingfeng/bin/qingfeng":                                       "-rwxr-xr-x",
		"opt/qingfeng/bin/qingfeng-exhibits":                              "-rwxr-xr-x",
		"opt/qingfeng/lib/qingfeng-start":                                 "-rwxr-xr-x",
		"opt/qingfeng/lib/xsession":                                       "-rwxr-xr-x",
		"opt/qingfeng/lib/wait-x":                                         "-rwxr-xr-x",
		"opt/qingfeng/lib/usb-mount":                                      "-rwxr-xr-x",
		"opt/qingfeng/lib/profile":                                        "-rw-r--r--",
		"opt/qingfeng/doc/deploy.md":                                      "-rw-r--r--",
		"etc/qingfeng":                                                    "drwxr-x---",
		"etc/qingfeng/qingfeng.yaml":                                      "-rw-r-----",
		"lib/systemd/system/qingfeng.service":                             "-rw-r--r--",
		"lib/systemd/system/getty@tty1.service.d/qingfeng-autologin.conf": "-rw-r--r--",
		"lib/udev/rules.d/99-qingfeng-usb.rules":                          "-rw-r--r--",
		"usr/share/doc/qingfeng/copyright":                                "-rw-r--r--",
		"usr/share/doc/qingfeng/changelog.gz":                             "-rw-r--r--",
		"usr/share/lintian/overrides/qingfeng":                            "-rw-r--r--",
		"usr/bin/qingfeng":                                                "lrwxrwxrwx",
	}
	for p, mode := range want {
		e, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s is not in the package", p)
		case e.mode != mode || e.owner != "root/root":
			t.Errorf("%s: %s %s, want %s root/root", p, e.mode, e.owner, mode)
		}
	}
	if l := got["usr/bin/qingfeng"].link; l != "/opt/qingfeng/bin/qingfeng" {
		t.Errorf("usr/bin/qingfeng links to %q", l)
	}
	// What the kiosk writes, and what belongs to an administrator, is not
	// the package's: dpkg would replace or remove it.
	for p := range got {
		for _, never := range []string{"opt/qingfeng/releases", "var/", "media/", "usr/local", "etc/systemd", "etc/udev"} {
			if strings.HasPrefix(p, never) {
				t.Errorf("the package holds %s", p)
			}
		}
	}

	field := func(name string) string { return strings.TrimSpace(run(t, "dpkg-deb", "-f", deb, name)) }
	for name, want := range map[string]string{
		"Package": "qingfeng", "Version": "1.2.0+7+gabcdef1", "Architecture": arch, "Recommends": "syncthing",
	} {
		if got := field(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	var depends []string
	for _, d := range strings.Split(field("Depends"), ",") {
		depends = append(depends, strings.TrimSpace(d))
	}
	for _, p := range []string{"xserver-xorg", "xinit", "libgl1-mesa-dri", "libasound2 | libasound2t64", "libturbojpeg0",
		"tegaki-zinnia-simplified-chinese", "mpv", "ffmpeg", "locales", "passwd", "systemd"} {
		if !slices.Contains(depends, p) {
			t.Errorf("Depends lacks %s: %v", p, depends)
		}
	}
	if c := run(t, "dpkg-deb", "--info", deb, "conffiles"); strings.TrimSpace(c) != "/etc/qingfeng/qingfeng.yaml" {
		t.Errorf("conffiles: %q", c)
	}
}

// Lintian must find no error and no warning it is not told why to accept
// (build/deb/lintian-overrides gives each reason).
// The programs are small cgo programs, linked as make build links the
// real ones, so that lintian looks at ELF files like theirs.
func TestLintian(t *testing.T) {
	src := t.TempDir()
	main := "package main\n\n// int one(void) { return 1; }\nimport \"C\"\n\nfunc main() { println(C.one()) }\n"
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module tiny\n"), 0o644)
	bin := t.TempDir()
	for _, p := range []string{"qingfeng", "qingfeng-exhibits"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, p), ".")
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	deb := packBin(t, bin, "1.2.0", "amd64")
	out, err := exec.Command("lintian", "--fail-on", "none", deb).CombinedOutput()
	if err != nil {
		t.Fatalf("lintian: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "E: ") || strings.HasPrefix(line, "W: ") {
			t.Errorf("lintian: %s", line)
		}
	}
}

// throwAwayRoot is an empty system for dpkg: its database, the users and
// groups a Debian system starts with, and a locale.gen.
func throwAwayRoot(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"var/lib/dpkg/status":    "",
		"var/lib/dpkg/available": "",
		"etc/passwd":             "root:x:0:0:root:/root:/bin/bash\n",
		"etc/shadow":             "root:*:19000:0:99999:7:::\n",
		"etc/group":              "root:x:0:\naudio:x:29:\nvideo:x:44:\n",
		"etc/gshadow":            "root:*::\naudio:*::\nvideo:*::\n",
		"etc/locale.gen":         "# en_US.UTF-8 UTF-8\n# zh_CN.UTF-8 UTF-8\n",
	}
	for _, d := range []string{"var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc/systemd/system"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for p, s := range files {
		if err := os.WriteFile(filepath.Join(root, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func dpkg(t testing.TB, root string, args ...string) {
	t.Helper()
	base := []string{"--instdir=" + root, "--admindir=" + filepath.Join(root, "var/lib/dpkg"),
		"--force-script-chrootless", "--force-depends", "--force-confold", "--log=/dev/null"}
	run(t, "dpkg", append(base, args...)...)
}

// ids reads a user's uid and gid from the root's /etc/passwd.
func ids(t testing.TB, root, user string) (uid, gid int) {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "etc/passwd"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		p := strings.Split(s.Text(), ":")
		if len(p) == 7 && p[0] == user {
			uid, _ = strconv.Atoi(p[2])
			gid, _ = strconv.Atoi(p[3])
			if p[5] != "/var/lib/qingfeng" || p[6] != "/bin/bash" {
				t.Errorf("user %s: home %s, shell %s", user, p[5], p[6])
			}
			return uid, gid
		}
	}
	t.Fatalf("no user %s in the root's /etc/passwd", user)
	return 0, 0
}

func owner(t testing.TB, path string) (uid, gid int, mode fs.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return int(st.Uid), int(st.Gid), fi.Mode()
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// unitPaths lists the absolute paths the kiosk's unit and the udev rule
// name (programs, folders, documentation).
func unitPaths(t testing.TB, root string) []string {
	t.Helper()
	var paths []string
	unit, err := os.ReadFile(filepath.Join(root, "lib/systemd/system/qingfeng.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(unit), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		switch k {
		case "ExecStart", "ExecStartPre", "WorkingDirectory", "ReadWritePaths":
			if p := strings.Fields(strings.TrimPrefix(v, "-"))[0]; p != "/media/usb" {
				paths = append(paths, p)
			}
		case "Documentation":
			paths = append(paths, strings.TrimPrefix(v, "file:"))
		case "Environment":
			if name, p, _ := strings.Cut(v, "="); name == "QINGFENG_RELEASES" {
				paths = append(paths, p)
			}
		}
		for _, f := range strings.Fields(v) {
			if strings.HasPrefix(f, "--config") {
				continue
			}
			if strings.HasPrefix(f, "/etc/qingfeng/") {
				paths = append(paths, f)
			}
		}
	}
	rule, err := os.ReadFile(filepath.Join(root, "lib/udev/rules.d/99-qingfeng-usb.rules"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range strings.FieldsFunc(string(rule), func(r rune) bool { return r == '"' || r == ' ' }) {
		if strings.HasPrefix(f, "/opt/") {
			paths = append(paths, f)
		}
	}
	if len(paths) < 6 {
		t.Fatalf("the unit names only %v", paths)
	}
	return paths
}

// The package installs, upgrades, is removed and purged in a root that is
// not running: config and data survive an upgrade and a remove, purge
// takes them, and every path the unit names is there once installed.
func TestInstallUpgradeRemovePurge(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("the install cycle runs dpkg and useradd into a throw-away root: run as root (make test does)")
	}
	first, second := buildDeb(t, "1.0.0"), buildDeb(t, "1.1.0")
	root := throwAwayRoot(t)
	in := func(p string) string { return filepath.Join(root, p) }

	dpkg(t, root, "-i", first)
	uid, gid := ids(t, root, "qingfeng")
	if uid == 0 || gid == 0 {
		t.Fatalf("qingfeng is uid %d gid %d", uid, gid)
	}
	if g, _ := os.ReadFile(in("etc/group")); !bytes.Contains(g, []byte("audio:x:29:qingfeng")) || !bytes.Contains(g, []byte("video:x:44:qingfeng")) {
		t.Errorf("qingfeng is not in audio and video:\n%s", g)
	}
	for _, p := range unitPaths(t, root) {
		if !exists(in(p)) {
			t.Errorf("the unit names %s, not installed", p)
		}
	}
	if l, err := os.Readlink(in("etc/systemd/system/multi-user.target.wants/qingfeng.service")); err != nil || !strings.HasSuffix(l, "/systemd/system/qingfeng.service") {
		t.Errorf("the service is not enabled: %q %v", l, err)
	}
	if l, _ := os.Readlink(in("opt/qingfeng/releases/current")); l != "1.0.0" {
		t.Errorf("current release %q, want 1.0.0", l)
	}
	for p, want := range map[string]struct {
		uid, gid int
		mode     fs.FileMode
	}{
		"opt/qingfeng/releases":                  {uid, gid, fs.ModeDir | 0o755},
		"opt/qingfeng/releases/1.0.0/qingfeng":   {uid, gid, 0o755},
		"opt/qingfeng/bin/qingfeng":              {0, 0, 0o755},
		"etc/qingfeng":                           {0, gid, fs.ModeDir | 0o750},
		"etc/qingfeng/qingfeng.yaml":             {0, gid, 0o640},
		"var/lib/qingfeng":                       {uid, gid, fs.ModeDir | 0o750},
		"var/lib/qingfeng/data":                  {uid, gid, fs.ModeDir | 0o750},
		"var/lib/qingfeng/.profile":              {0, 0, 0o644},
		"media/usb":                              {0, 0, fs.ModeDir | 0o755},
		"lib/udev/rules.d/99-qingfeng-usb.rules": {0, 0, 0o644},
	} {
		u, g, m := owner(t, in(p))
		if u != want.uid || g != want.gid || m != want.mode {
			t.Errorf("%s: %d:%d %v, want %d:%d %v", p, u, g, m, want.uid, want.gid, want.mode)
		}
	}
	if lg, _ := os.ReadFile(in("etc/locale.gen")); !bytes.Contains(lg, []byte("\nzh_CN.UTF-8 UTF-8")) {
		t.Errorf("zh_CN.UTF-8 is not enabled in locale.gen:\n%s", lg)
	}

	// The district edits the config; the kiosk writes data, installs an
	// update of its own and has it on trial.
	conf := in("etc/qingfeng/qingfeng.yaml")
	f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("# 本站的设置\n")
	f.Close()
	edited, _ := os.ReadFile(conf)
	for p, s := range map[string]string{
		"var/lib/qingfeng/data/qingfeng.db":    "data",
		"var/lib/qingfeng/data/update.json":    `{"to": "1.0.5", "outcome": "trying"}`,
		"opt/qingfeng/releases/1.0.5/qingfeng": "update",
		"opt/qingfeng/releases/trial.json":     "{}",
	} {
		os.MkdirAll(filepath.Dir(in(p)), 0o755)
		if err := os.WriteFile(in(p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	dpkg(t, root, "-i", second)
	if b, _ := os.ReadFile(conf); !bytes.Equal(b, edited) {
		t.Errorf("the upgrade changed the edited config:\n%s", b)
	}
	if l, _ := os.Readlink(in("opt/qingfeng/releases/current")); l != "1.1.0" {
		t.Errorf("current release after the upgrade %q, want 1.1.0", l)
	}
	if b, _ := os.ReadFile(in("opt/qingfeng/releases/1.1.0/qingfeng")); !bytes.Contains(b, []byte("qingfeng 1.1.0")) {
		t.Errorf("release 1.1.0 holds %q", b)
	}
	if b, _ := os.ReadFile(in("opt/qingfeng/bin/qingfeng")); !bytes.Contains(b, []byte("qingfeng 1.1.0")) {
		t.Errorf("/opt/qingfeng/bin/qingfeng after the upgrade holds %q", b)
	}
	for _, p := range []string{"opt/qingfeng/releases/trial.json", "var/lib/qingfeng/data/update.json"} {
		if exists(in(p)) {
			t.Errorf("the upgrade left the trial's %s", p)
		}
	}
	if !exists(in("var/lib/qingfeng/data/qingfeng.db")) {
		t.Error("the upgrade lost the data")
	}

	dpkg(t, root, "-r", "qingfeng")
	for _, p := range []string{"opt/qingfeng", "usr/bin/qingfeng", "lib/systemd/system/qingfeng.service",
		"etc/systemd/system/multi-user.target.wants/qingfeng.service"} {
		if exists(in(p)) {
			t.Errorf("remove left %s", p)
		}
	}
	if b, _ := os.ReadFile(conf); !bytes.Equal(b, edited) {
		t.Errorf("remove did not keep the config: %q", b)
	}
	if !exists(in("var/lib/qingfeng/data/qingfeng.db")) {
		t.Error("remove lost the data")
	}

	dpkg(t, root, "-P", "qingfeng")
	for _, p := range []string{"etc/qingfeng", "var/lib/qingfeng"} {
		if exists(in(p)) {
			t.Errorf("purge left %s", p)
		}
	}
	// A purged package is forgotten by dpkg.
	if out, err := exec.Command("dpkg-query", "--admindir="+in("var/lib/dpkg"), "-W", "qingfeng").CombinedOutput(); err == nil {
		t.Errorf("after purge dpkg still knows the package: %s", out)
	}
}
