package office

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"qingfeng/content/durable"
	"qingfeng/content/keyfile"
	"qingfeng/content/parse"
	"qingfeng/content/sign"
)

// Publisher key files made by keygen --signing.
const (
	PublisherKeyFile = "publisher.key"
	PublisherPubFile = "publisher.pub"
)

// Sign is `qingfeng sign PACKAGE --key publisher.key`: it checks the
// package as a kiosk would, and adds MANIFEST.txt (every file's SHA-256)
// and MANIFEST.sig (the key's signature over it). A folder gets the two
// files; a .zip is written anew (atomically) with them. Signing again after
// a change replaces an earlier signature.
func (e *Env) Sign(ctx context.Context, pkgPath, keyFile string) int {
	if pkgPath == "" || keyFile == "" {
		fmt.Fprintln(e.Out, "用法：qingfeng sign PACKAGE --key publisher.key")
		return 2
	}
	key, err := sign.ReadPrivateFile(keyFile)
	if err != nil {
		fmt.Fprintln(e.Out, "无法读取签名私钥：", err)
		return 1
	}
	src, err := parse.Open(pkgPath)
	if err != nil {
		fmt.Fprintln(e.Out, "无法打开内容包：", err)
		return 1
	}
	defer src.Close()
	opts := e.Parse
	opts.Unsigned = true
	pkg, ps := parse.Read(ctx, src, opts)
	for _, p := range ps {
		fmt.Fprintln(e.Out, p)
	}
	if ps.HasErrors() {
		fmt.Fprintln(e.Out, "内容包有错误，没有签名。请改好以后再签。")
		return 1
	}
	m, err := WriteSignature(pkgPath, src, pkg.ID, pkg.Version, key)
	var big manifestTooLarge
	switch {
	case errors.As(err, &big):
		fmt.Fprintf(e.Out, "签名清单有 %d 字节，超过展示屏能读的 %d 字节（文件太多或文件名太长），没有签名。请减少文件个数或缩短文件名后再签。\n",
			big.n, sign.MaxManifestBytes)
		return 1
	case err != nil:
		fmt.Fprintln(e.Out, "无法写入签名：", err)
		return 1
	}
	fmt.Fprintf(e.Out, "已签名：内容包 %s 第 %d 版，%d 个文件，签名钥匙 %s\n", pkg.ID, pkg.Version, len(m.Files), key.Public().Short())
	return 0
}

// manifestTooLarge: the manifest of n bytes is more than a kiosk reads.
type manifestTooLarge struct{ n int }

func (e manifestTooLarge) Error() string { return fmt.Sprintf("manifest of %d bytes", e.n) }

// WriteSignature signs what src (opened from pkgPath) holds as package id,
// version with key, and adds the manifest and its signature to the folder
// or zip at pkgPath: sign and replies pack both sign through it.
func WriteSignature(pkgPath string, src *parse.Source, id string, version int, key sign.Private) (sign.Manifest, error) {
	sums, err := parse.HashFiles(src)
	if err != nil {
		return sign.Manifest{}, err
	}
	m := sign.Manifest{Package: id, Version: version, Signer: key.Public(), Files: sums}
	data := m.Encode()
	if err := sign.CheckSize(data); err != nil {
		return m, manifestTooLarge{len(data)}
	}
	sig := sign.Sign(key, data)
	st, err := os.Stat(pkgPath)
	if err != nil {
		return m, err
	}
	if st.IsDir() {
		err = durable.WriteFile(filepath.Join(pkgPath, sign.ManifestFile), data, 0o600)
		if err == nil {
			err = durable.WriteFile(filepath.Join(pkgPath, sign.SignatureFile), sig, 0o600)
		}
		return m, err
	}
	return m, rewriteZip(pkgPath, src, data, sig)
}

// rewriteZip writes the package anew as a zip with the manifest and the
// signature at its top, beside the old one, and then puts it in its place:
// a power cut leaves either the old zip or the new one.
func rewriteZip(name string, src *parse.Source, manifest, sig []byte) error {
	tmp, err := durable.Create(name, 0o600)
	if err != nil {
		return err
	}
	defer tmp.Abort()
	zw := zip.NewWriter(tmp)
	add := func(p string, r io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		return err
	}
	for _, p := range src.Paths() {
		if sign.IsSignatureFile(p) {
			continue
		}
		rc, err := src.OpenFile(p)
		if err != nil {
			return err
		}
		err = add(p, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	if err := add(sign.ManifestFile, strings.NewReader(string(manifest))); err != nil {
		return err
	}
	if err := add(sign.SignatureFile, strings.NewReader(string(sig))); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return tmp.Commit()
}

// KeygenSigning makes a publisher key pair for signing packages.
func KeygenSigning(dir string, out io.Writer) int {
	pub, priv, err := sign.GenerateKey()
	if err != nil {
		fmt.Fprintln(out, "无法生成密钥：", err)
		return 1
	}
	privText := "# 清风 内容包签名私钥：只留在发布内容的办公室，妥善保管，不要拷到展示屏上，不要发给别人。\n" +
		"# 用法：qingfeng sign 内容包 --key " + PublisherKeyFile + "\n" + priv.Encode() + "\n"
	pubText := "# 清风 内容包签名公钥：拷到每台展示屏上，在 qingfeng.yaml 的 trusted_publishers 写上它的路径。\n" +
		pub.String() + "\n"
	privPath, pubPath := filepath.Join(dir, PublisherKeyFile), filepath.Join(dir, PublisherPubFile)
	if code := WriteKeyPair(out, dir, privPath, privText, pubPath, pubText); code != 0 {
		return code
	}
	fmt.Fprintf(out, `已生成内容包签名密钥：
  私钥 %s  只留在发布内容的办公室（签名时用 qingfeng sign 内容包 --key 指定它）
  公钥 %s  拷到每台展示屏，放在 qingfeng.yaml 旁边

在每台展示屏的 qingfeng.yaml 里加上：

trusted_publishers:
  - %s   # 相对于 qingfeng.yaml 所在的文件夹

之后，展示屏只导入用这把私钥签过名、签名后没被改动过的内容包。
`, privPath, pubPath, PublisherPubFile)
	return 0
}

// WriteKeyPair writes a new key pair into dir with keyfile.WritePair,
// saying what went wrong to out; its exit code.
func WriteKeyPair(out io.Writer, dir, privPath, privText, pubPath, pubText string) int {
	if dir == "" {
		fmt.Fprintln(out, "用法：qingfeng keygen [--signing] --out DIR")
		return 2
	}
	if err := keyfile.WritePair(dir, privPath, privText, pubPath, pubText); err != nil {
		fmt.Fprintln(out, err)
		return 1
	}
	return 0
}
