package keyfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"qingfeng/content/durable"
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
	if err := durable.CreateFile(privPath, []byte(privText), 0o600); err != nil {
		return &staffError{"无法写入私钥：", err}
	}
	if err := durable.CreateFile(pubPath, []byte(pubText), 0o644); err != nil {
		os.Remove(privPath) // a key pair without its public half is of no use; start over cleanly
		return &staffError{"无法写入公钥：", err}
	}
	if err := durable.SyncDir(dir); err != nil {
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
