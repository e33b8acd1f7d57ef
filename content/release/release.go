// Package release is the kiosk program's own update: the release package
// the office makes and signs (both programs, for each architecture built),
// the checks a kiosk applies before it writes anything (publisher,
// version, architecture, disk), installing the programs beside the running
// release, switching to them, and the trial that follows: the new release
// must report ready within a minute and must not fail three times in ten,
// or the previous release comes back.
//
// The trial's decision is made by the previous release (the start script
// runs it before it starts the current one), never by the release on
// trial: a release that cannot start cannot roll itself back.
//
// It imports the standard library, content (the root), content/durable,
// content/fleet and content/sign only.
package release

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/fleet"
	"qingfeng/content/sign"
)

const (
	// InfoFile, at the top of a release folder, says what it is: a folder
	// that holds one is a release, never a content package.
	InfoFile = "release.json"
	// Format names InfoFile's content.
	Format = "qingfeng-release 1"
	// ManifestPackage is the package name a release's manifest carries.
	ManifestPackage = "qingfeng-release"
	// MaxInfoBytes bounds InfoFile, checked before it is read.
	MaxInfoBytes = 64 << 10
	// MaxProgramBytes bounds each program of a release: today's are about
	// 60 MB.
	MaxProgramBytes = 512 << 20
	// Margin is the free disk a kiosk keeps beyond the unpacked release,
	// for its database, logs and screenshots.
	Margin = 200 << 20
)

// Programs are the files a release holds for each architecture, in a
// folder named for it (amd64/qingfeng, arm64/qingfeng-exhibits).
var Programs = []string{"qingfeng", "qingfeng-exhibits"}

// Info is InfoFile's content, signed through the manifest's hash of it.
type Info struct {
	Format  string    `json:"format"`
	Version string    `json:"version"`
	Made    time.Time `json:"made"`
	Archs   []string  `json:"archs"`
	// Downgrade and DowngradeFrom, set by the office on purpose (qingfeng
	// release --downgrade-from V), let a kiosk running exactly one of the
	// versions DowngradeFrom names install this older one: a downgrade
	// cannot be replayed later against another version.
	Downgrade     bool     `json:"downgrade,omitempty"`
	DowngradeFrom []string `json:"downgrade_from,omitempty"`
}

// maxDowngradeFrom bounds the versions a downgrade may name.
const maxDowngradeFrom = 16

// versionPattern keeps a version usable as a folder name and readable.
var versionPattern = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+){0,3}(-[0-9A-Za-z.]+){0,3}$`)

// ValidVersion reports whether v can name a release: dotted numbers and
// what git describe adds, at most 64 characters.
func ValidVersion(v string) bool { return len(v) <= 64 && versionPattern.MatchString(v) }

// IsRelease reports whether the folder dir is a release (it holds InfoFile
// at its top), so the inbox hands it here and not to the content import.
func IsRelease(dir string) bool {
	st, err := os.Lstat(filepath.Join(dir, InfoFile))
	return err == nil && st.Mode().IsRegular()
}

// Make writes a signed release of version v into a new folder under out,
// with the programs found in bins (architecture → folder holding both
// programs), and returns its path. Each program's architecture is read
// from its ELF header, so a folder given for the wrong one is refused.
func Make(out, v string, bins map[string]string, downgradeFrom []string, k sign.Private, now time.Time) (string, error) {
	if !ValidVersion(v) {
		return "", fmt.Errorf("版本号“%s”不能用：要像 1.4.2 或 1.4.2-3-gabc123 这样", v)
	}
	if len(downgradeFrom) > maxDowngradeFrom {
		return "", fmt.Errorf("--downgrade-from 最多写 %d 个版本", maxDowngradeFrom)
	}
	for _, from := range downgradeFrom {
		if !ValidVersion(from) || fleet.CompareVersions(from, v) <= 0 {
			return "", fmt.Errorf("--downgrade-from %s：要写比 %s 新的、展示屏正在运行的版本号", from, v)
		}
	}
	if len(bins) == 0 {
		return "", errors.New("没有要放进更新包的程序")
	}
	dir := filepath.Join(out, "qingfeng-"+v)
	if _, err := os.Lstat(dir); err == nil {
		return "", fmt.Errorf("%s 已经存在", dir)
	}
	tmp, err := os.MkdirTemp(out, ".qingfeng-release-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	m := sign.Manifest{Package: ManifestPackage, Signer: k.Public(), Files: map[string][32]byte{}}
	info := Info{Format: Format, Version: v, Made: now.UTC(), Downgrade: len(downgradeFrom) > 0, DowngradeFrom: downgradeFrom}
	for _, arch := range slices.Sorted(maps.Keys(bins)) {
		for _, p := range Programs {
			src := filepath.Join(bins[arch], p)
			got, err := ELFArch(src)
			if err != nil {
				return "", err
			}
			if got != arch {
				return "", fmt.Errorf("%s 是 %s 的程序，不是 %s 的", src, got, arch)
			}
			rel := path.Join(arch, p)
			sum, err := copyFile(filepath.Join(tmp, filepath.FromSlash(rel)), src, MaxProgramBytes)
			if err != nil {
				return "", err
			}
			m.Files[rel] = sum
		}
		info.Archs = append(info.Archs, arch)
	}
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return "", err
	}
	// The release goes to another machine, often on a stick pulled as
	// soon as this returns: every file and folder is on the disk first.
	if err := durable.WriteFile(filepath.Join(tmp, InfoFile), data, 0o644); err != nil {
		return "", err
	}
	sum, _ := sign.Hash(bytes.NewReader(data))
	m.Files[InfoFile] = sum
	text := m.Encode()
	if err := durable.WriteFile(filepath.Join(tmp, sign.ManifestFile), text, 0o644); err != nil {
		return "", err
	}
	if err := durable.WriteFile(filepath.Join(tmp, sign.SignatureFile), sign.Sign(k, text), 0o644); err != nil {
		return "", err
	}
	for _, arch := range info.Archs {
		if err := durable.SyncDir(filepath.Join(tmp, arch)); err != nil {
			return "", err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := durable.SyncDir(tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	return dir, durable.SyncDir(out)
}

// copyFile copies src (a regular file of at most limit bytes) to dst,
// made with its folders and synced, and returns its SHA-256.
func copyFile(dst, src string, limit int64) ([32]byte, error) {
	in, err := os.Open(src)
	if err != nil {
		return [32]byte{}, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return [32]byte{}, err
	}
	if !st.Mode().IsRegular() || st.Size() > limit {
		return [32]byte{}, fmt.Errorf("%s 不是普通文件，或大于 %d MB", filepath.Base(src), limit>>20)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return [32]byte{}, err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o755)
	if err != nil {
		return [32]byte{}, err
	}
	sum, err := sign.Hash(io.TeeReader(io.LimitReader(in, limit+1), out))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return sum, err
}
