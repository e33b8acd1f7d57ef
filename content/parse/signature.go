package parse

import (
	"errors"
	"fmt"
	"io"

	"qingfeng/content"
	"qingfeng/content/sign"
)

// checkSignature verifies a signed package (one with MANIFEST.txt and
// MANIFEST.sig at its top): the signature over the manifest, the package
// and version it names, and every file against its hash, none missing and
// none added. It runs whether or not the kiosk trusts the signer; trust is
// the importer's decision. A file that does not match, or is missing, may
// still be arriving, so those problems are marked Incomplete.
func (r *reader) checkSignature(files map[string]*file) {
	mf, sf := files[sign.ManifestFile], files[sign.SignatureFile]
	if r.opts.Unsigned || mf == nil && sf == nil {
		return // not signed
	}
	if mf == nil || sf == nil {
		have, missing := sign.ManifestFile, sign.SignatureFile
		if mf == nil {
			have, missing = missing, have
		}
		r.ps = append(r.ps, content.Problem{File: missing, Severity: content.Error, Incomplete: true,
			Msg: "签名不完整：有 " + have + " 却没有 " + missing + "，两个文件要一起放在内容包最上层"})
		return
	}
	data, ok1 := r.readSmall(mf, sign.MaxManifestBytes)
	sig, ok2 := r.readSmall(sf, maxSignatureBytes)
	if !ok1 || !ok2 {
		return
	}
	m, err := sign.Verify(data, sig)
	switch {
	case errors.Is(err, sign.ErrManifestTooLarge):
		r.ps.Errorf(sign.ManifestFile, 0, "签名清单超过%s的上限（文件太多或文件名太长），展示屏不读这么大的清单。请减少文件个数或缩短文件名后重新签名",
			humanBytes(sign.MaxManifestBytes))
		return
	case errors.Is(err, sign.ErrBadSignature):
		// Also what a new manifest beside the old signature looks like
		// while a package is still being copied: Incomplete, so the inbox
		// waits (and gives up with this report if it stays so).
		r.ps = append(r.ps, content.Problem{File: sign.SignatureFile, Severity: content.Error, Incomplete: true,
			Msg: "签名对不上：签名以后清单 " + sign.ManifestFile + " 被改动过，或者签名不是清单里写的那把钥匙签的"})
		return
	case err != nil:
		r.ps.Errorf(sign.ManifestFile, 0, "签名清单看不懂（%v），请用 qingfeng sign 重新签名", err)
		return
	}
	if r.pkg.ID != "" && (m.Package != r.pkg.ID || m.Version != r.pkg.Version) {
		r.ps = append(r.ps, content.Problem{File: sign.ManifestFile, Severity: content.Error, Incomplete: true,
			Msg: fmt.Sprintf("签名清单写的是内容包 %s 第 %d 版，和 package.yaml（%s 第 %d 版）不一致：改了说明以后要重新签名",
				m.Package, m.Version, r.pkg.ID, r.pkg.Version)})
	}
	bad := false
	for _, p := range r.src.Paths() {
		if sign.IsSignatureFile(p) {
			continue
		}
		want, listed := m.Files[p]
		if !listed {
			r.ps.Errorf(p, 0, "这个文件不在签名清单里：签名以后加进来的文件不能导入（要加文件，请加好以后重新签名）")
			bad = true
			continue
		}
		got, err := usedHash(files[p])
		if err != nil || got != want {
			r.ps = append(r.ps, content.Problem{File: p, Severity: content.Error, Incomplete: true, Err: err,
				Msg: "这个文件和签名清单里记的不一样：签名以后被改动过，或者还没有复制完"})
			bad = true
		}
	}
	for p := range m.Files {
		if files[p] == nil {
			r.ps = append(r.ps, content.Problem{File: p, Severity: content.Error, Incomplete: true,
				Msg: "签名清单里有这个文件，内容包里却没有"})
			bad = true
		}
	}
	if !bad {
		r.pkg.SignedBy = m.Signer.String()
	}
}

// maxSignatureBytes bounds what is read of MANIFEST.sig: a signature is one
// short line.
const maxSignatureBytes = 4 << 10

// readSmall reads a manifest or a signature, one byte more than limit so
// that one too large is seen as such rather than cut short.
func (r *reader) readSmall(f *file, limit int64) ([]byte, bool) {
	rc, err := f.open()
	if err != nil {
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法读取这个文件"})
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		r.ps = append(r.ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Incomplete: true, Msg: "无法读取这个文件"})
		return nil, false
	}
	return b, true
}

// errChanged is a file that gave different bytes on two reads for use.
var errChanged = errors.New("file changed while it was read")

// usedHash is the digest of what was read of f for use, or, for a file
// that was not used, of its content now.
func usedHash(f *file) ([32]byte, error) {
	switch {
	case f.changed:
		return [32]byte{}, errChanged
	case f.used:
		return f.sum, nil
	}
	return hashFile(f)
}

func hashFile(f *file) ([32]byte, error) {
	rc, err := f.open()
	if err != nil {
		return [32]byte{}, err
	}
	defer rc.Close()
	return sign.Hash(rc)
}

// HashFiles returns the SHA-256 of every file of the package but the
// signature's own: what a manifest lists. After Read, the digests are of
// the bytes Read checked, so what is signed is what was checked.
func HashFiles(src *Source) (map[string][32]byte, error) {
	sums := map[string][32]byte{}
	for _, p := range src.Paths() {
		if sign.IsSignatureFile(p) {
			continue
		}
		sum, err := usedHash(src.files[p])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		sums[p] = sum
	}
	return sums, nil
}
