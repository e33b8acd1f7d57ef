package keyfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
)

// WritePair writes a new key pair into dir (made 0700 if need be): the
// private key file 0600, the public one 0644, never over an existing file.
// Errors are worded for the staff at the command line (Chinese); one for a
// file already there wraps fs.ErrExist.
func WritePair(dir, privPath, privText, pubPath, pubText string) error {
	for _, p := range []string{privPath, pubPath} {
		_, err := os.Lstat(p)
		if err == nil {
			return &existsError{path: p}
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return &staffError{"无法检查密钥文件：", err}
		}
	}
	// 0700: the folder holds the private key.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &staffError{"无法创建文件夹：", err}
	}
	if err := writeNewFile(privPath, []byte(privText), 0o600); err != nil {
		return &staffError{"无法写入私钥：", err}
	}
	if err := writeNewFile(pubPath, []byte(pubText), 0o644); err != nil {
		os.Remove(privPath) // a key pair without its public half is of no use; start over cleanly
		return &staffError{"无法写入公钥：", err}
	}
	if err := syncDir(dir); err != nil {
		return &staffError{"无法确认密钥已写入磁盘：", err}
	}
	return nil
}

type existsError struct{ path string }

func (e *existsError) Error() string {
	return fmt.Sprintf("%s 已经存在，没有覆盖。旧私钥一旦被覆盖，用它加密或签名的东西就再也对不上了；要换新密钥，请换一个文件夹。", e.path)
}

func (e *existsError) Unwrap() error { return fs.ErrExist }

// staffError is what went wrong, said first, then the cause, as
// fmt.Println would put them.
type staffError struct {
	what string
	err  error
}

func (e *staffError) Error() string { return e.what + " " + e.err.Error() }
func (e *staffError) Unwrap() error { return e.err }

// writeNewFile creates path, failing if it exists, and makes its content
// durable.
func writeNewFile(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// syncDir makes a rename or creation in dir survive a power cut. Windows
// cannot flush a folder (and NTFS journals its metadata), so there it does
// nothing: an export or keygen on an office PC must not fail on it.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
