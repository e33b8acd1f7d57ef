package release

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"qingfeng/content"
	"qingfeng/content/fleet"
	"qingfeng/content/sign"
)

// Kiosk is what a release is checked against.
type Kiosk struct {
	// Trusted are the publisher keys (text) the kiosk takes releases
	// from (update.publishers, not the content publishers: a town office
	// that publishes content must not replace the programs). A release
	// must be signed by one of them; with none listed, the kiosk takes no
	// release at all.
	Trusted []string
	Version string // the running program's
	Arch    string // runtime.GOARCH
	// Root is the releases folder the programs would be written into;
	// Free says how many bytes its file system has free (nil: statfs).
	Root string
	Free func(dir string) (int64, error)
	// Store is the kiosk's database file, copied into its folder before
	// the switch ("" when there is none to copy): its size counts too.
	Store string
}

// Checked is a release that passed every check, ready to install.
type Checked struct {
	Dir      string
	Info     Info
	Manifest sign.Manifest
	Arch     string
	Size     int64            // of the programs for Arch
	sizes    map[string]int64 // each program's, as checked
}

// Refusal is a release the kiosk will not install, and why, in Chinese.
// Incomplete marks what a copy still arriving also shows (a file missing
// or not yet whole): the inbox waits for the rest before it gives up.
type Refusal struct {
	Words      string
	Incomplete bool
}

func (r *Refusal) Error() string { return r.Words }

// refuse and missing make a Refusal; what they quote may come from the
// release, so the words are made printable (one line, no turned text).
func refuse(format string, args ...any) error {
	return &Refusal{Words: content.Printable(fmt.Sprintf(format, args...))}
}

func missing(format string, args ...any) error {
	return &Refusal{Words: content.Printable(fmt.Sprintf(format, args...)), Incomplete: true}
}

// Check reads the release in dir and decides whether this kiosk may
// install it. Nothing is written; every file is read bounded (its size
// checked before reading it), and the programs only as far as their ELF
// headers.
func Check(dir string, k Kiosk) (Checked, error) {
	c := Checked{Dir: dir, Arch: k.Arch, sizes: map[string]int64{}}
	data, err := readBounded(filepath.Join(dir, InfoFile), MaxInfoBytes)
	if err != nil {
		return c, err
	}
	if err := decodeInfo(data, &c.Info); err != nil {
		return c, err
	}
	m, err := checkSignature(dir, k.Trusted)
	if err != nil {
		return c, err
	}
	c.Manifest = m
	if sum, _ := sign.Hash(bytes.NewReader(data)); m.Files[InfoFile] != sum {
		return c, refuse("%s 和签名时不一样：这个更新包被改动过", InfoFile)
	}
	v := c.Info.Version
	switch cmp := fleet.CompareVersions(v, k.Version); {
	case cmp == 0:
		return c, refuse("更新包的版本 %s 和本机正在运行的版本相同，不用更新", v)
	case cmp < 0 && !c.Info.Downgrade:
		return c, refuse("更新包的版本 %s 比本机正在运行的 %s 旧；要换回旧版本，区里要专门签发降级的更新包（qingfeng release --downgrade-from %s）", v, k.Version, k.Version)
	case cmp < 0 && !slices.Contains(c.Info.DowngradeFrom, k.Version):
		return c, refuse("这个降级的更新包只用来把版本 %s 换回 %s，本机运行的是 %s，不能用它", strings.Join(c.Info.DowngradeFrom, "、"), v, k.Version)
	}
	if !slices.Contains(c.Info.Archs, k.Arch) {
		return c, refuse("更新包里没有本机（%s）用的程序，只有：%s", k.Arch, strings.Join(c.Info.Archs, "、"))
	}
	if st, err := os.Lstat(filepath.Join(dir, k.Arch)); err != nil || !st.IsDir() {
		return c, missing("更新包里缺少文件夹 %s（或它是个链接）", k.Arch)
	}
	for _, p := range Programs {
		rel := path.Join(k.Arch, p)
		if _, ok := m.Files[rel]; !ok {
			return c, refuse("%s 不在签名的文件清单里", rel)
		}
		name := filepath.Join(dir, filepath.FromSlash(rel))
		st, err := os.Lstat(name)
		if err != nil || !st.Mode().IsRegular() {
			return c, missing("更新包里缺少 %s", rel)
		}
		if st.Size() > MaxProgramBytes {
			return c, refuse("%s 有 %d MB，超过了 %d MB 的上限", rel, st.Size()>>20, MaxProgramBytes>>20)
		}
		arch, err := ELFArch(name)
		if err != nil {
			return c, refuse("%s 不是能在本机运行的程序（%v）", rel, err)
		}
		if arch != k.Arch {
			return c, refuse("%s 是 %s 用的程序，本机是 %s", rel, arch, k.Arch)
		}
		c.Size += st.Size()
		c.sizes[rel] = st.Size()
	}
	if k.Root == "" {
		return c, refuse("本机的程序不是由启动脚本运行的，不能远程更新；请技术人员用 make install 安装")
	}
	free := k.Free
	if free == nil {
		free = FreeBytes
	}
	// The programs go into Root, the database's copy beside the database:
	// each folder's disk must hold both (they are usually one disk).
	var storeSize int64
	dirs := []string{k.Root}
	if k.Store != "" {
		if st, err := os.Stat(k.Store); err == nil {
			storeSize = st.Size()
			dirs = append(dirs, filepath.Dir(k.Store))
		}
	}
	need := c.Size + storeSize + Margin
	for _, d := range dirs {
		avail, err := free(d)
		if err != nil {
			return c, refuse("查不到文件夹 %s 所在的磁盘还剩多少空间（文件夹不存在或打不开），请技术人员检查安装", d)
		}
		if avail < need {
			return c, refuse("磁盘空间不够：装这个版本要 %d MB（程序 %d MB，更新前备份数据库 %d MB，另外要留 %d MB），现在只剩 %d MB；请先清理磁盘",
				need>>20, c.Size>>20, storeSize>>20, Margin>>20, avail>>20)
		}
	}
	return c, nil
}

// readBounded reads a regular file of at most limit bytes.
func readBounded(name string, limit int64) ([]byte, error) {
	base := filepath.Base(name)
	// A link could lead out of the package: only a plain file is read.
	if st, err := os.Lstat(name); err == nil && !st.Mode().IsRegular() {
		return nil, refuse("%s 不是普通文件（是链接或文件夹），不能用", base)
	}
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, missing("更新包里缺少 %s", base)
		}
		return nil, refuse("读不了 %s：%v", base, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, refuse("%s 不是普通文件", base)
	}
	if st.Size() > limit {
		return nil, refuse("%s 有 %d KB，超过了 %d KB 的上限", base, st.Size()>>10, limit>>10)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, refuse("读不了 %s：%v", base, err)
	}
	if int64(len(data)) > limit {
		return nil, refuse("%s 超过了 %d KB 的上限", base, limit>>10)
	}
	return data, nil
}

// decodeInfo reads InfoFile's text, a problem naming its line.
func decodeInfo(data []byte, info *Info) error {
	if err := json.Unmarshal(data, info); err != nil {
		line := 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		case errors.As(err, &te):
			line = 1 + bytes.Count(data[:min(int(te.Offset), len(data))], []byte("\n"))
		}
		return refuse("%s:%d：看不懂这个文件（%v）", InfoFile, line, err)
	}
	if info.Format != Format {
		return refuse("%s 不是清风展示屏的更新包说明（format 应为“%s”）", InfoFile, Format)
	}
	if !ValidVersion(info.Version) {
		return refuse("%s：版本号“%s”不能用", InfoFile, content.Printable(info.Version))
	}
	if len(info.DowngradeFrom) > maxDowngradeFrom {
		return refuse("%s：降级要换下的版本写得太多", InfoFile)
	}
	if len(info.Archs) > 8 {
		return refuse("%s：列出的架构太多", InfoFile)
	}
	return nil
}

// checkSignature verifies the manifest's signature and that a trusted
// publisher made it.
func checkSignature(dir string, trusted []string) (sign.Manifest, error) {
	var m sign.Manifest
	text, err := readBounded(filepath.Join(dir, sign.ManifestFile), sign.MaxManifestBytes)
	if err != nil {
		if r := (*Refusal)(nil); errors.As(err, &r) && r.Incomplete {
			return m, missing("更新包没有签名（缺少 %s）：程序更新只接受区里签过名的", sign.ManifestFile)
		}
		return m, err
	}
	sig, err := readBounded(filepath.Join(dir, sign.SignatureFile), 4<<10)
	if err != nil {
		return m, missing("更新包没有签名（缺少或读不了 %s）：程序更新只接受区里签过名的", sign.SignatureFile)
	}
	m, err = sign.Verify(text, sig)
	if err != nil {
		return m, refuse("更新包的签名对不上（%s）：包被改动过，或不是签名的单位做的", sign.ManifestFile)
	}
	if m.Package != ManifestPackage {
		return m, refuse("%s 说这是“%s”，不是程序更新包", sign.ManifestFile, content.Printable(m.Package))
	}
	if len(trusted) == 0 {
		return m, refuse("本机的设置里没有写明接受哪个单位签发的程序更新（设置文件的 update.publishers 是空的），所以不接受任何程序更新；要接受，请技术人员把区里的发布钥匙加进去")
	}
	if !slices.Contains(trusted, m.Signer.String()) {
		return m, refuse("签名的单位（%s）不在本机接受程序更新的名单里（设置文件的 update.publishers）", m.Signer.Short())
	}
	return m, nil
}

// ELFArch is the Go architecture name of the program in the file name,
// read from its ELF header alone (64 bytes).
func ELFArch(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var h elf.Header64
	if err := binary.Read(f, binary.LittleEndian, &h); err != nil {
		return "", errors.New("不是 ELF 程序")
	}
	if string(h.Ident[:4]) != elf.ELFMAG {
		return "", errors.New("不是 ELF 程序")
	}
	if elf.Class(h.Ident[elf.EI_CLASS]) != elf.ELFCLASS64 || elf.Data(h.Ident[elf.EI_DATA]) != elf.ELFDATA2LSB {
		return "", errors.New("不是 64 位的程序")
	}
	if t := elf.Type(h.Type); t != elf.ET_EXEC && t != elf.ET_DYN {
		return "", fmt.Errorf("不是可执行程序（%v）", t)
	}
	switch m := elf.Machine(h.Machine); m {
	case elf.EM_X86_64:
		return "amd64", nil
	case elf.EM_AARCH64:
		return "arm64", nil
	case elf.EM_RISCV:
		return "riscv64", nil
	default:
		return strings.ToLower(strings.TrimPrefix(m.String(), "EM_")), nil
	}
}
