package inbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"

	"qingfeng/content"
)

// packageReadError is a failure to read the package itself (the USB stick,
// the inbox folder), not to write the kiosk's own storage.
type packageReadError struct {
	path string
	err  error
}

func (e *packageReadError) Error() string {
	return fmt.Sprintf("reading %s from the package: %v", e.path, e.err)
}

func (e *packageReadError) Unwrap() error { return e.err }

// fromPackage wraps m.Open so that a read error while the store copies
// the file says it happened on the package's side. Without this every
// failure of an install looked like the kiosk's storage. Bytes that are
// not those checked are found by the store, which hashes every file it
// writes, and says so with an error that has a ChangedMedia method
// (store.ChangedError).
func fromPackage(m content.Media) func() (io.ReadCloser, error) {
	open := m.Open
	if open == nil {
		return nil
	}
	return func() (io.ReadCloser, error) {
		rc, err := open()
		if err != nil {
			return nil, &packageReadError{path: m.Path, err: err}
		}
		return &packageReader{rc: rc, path: m.Path}, nil
	}
}

type packageReader struct {
	rc   io.ReadCloser
	path string
}

func (r *packageReader) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	if err != nil && err != io.EOF {
		return n, &packageReadError{path: r.path, err: err}
	}
	return n, err
}

func (r *packageReader) Close() error { return r.rc.Close() }

// installFailure says how an install that failed ended, and why, naming
// the real cause: the package (pulled stick, a copy still going on), a
// shutdown, the kiosk's storage, or anything else, which is not blamed on
// the storage.
// media are the package's files, to name the one whose bytes changed.
func installFailure(err error, media []content.Media) (Outcome, string) {
	var changed interface{ ChangedMedia() string }
	var read *packageReadError
	switch {
	case errors.As(err, &changed):
		name := changed.ChangedMedia()
		for _, m := range media {
			if m.SHA256 == changed.ChangedMedia() {
				name = m.Path
				break
			}
		}
		return Incomplete, fmt.Sprintf("导入过程中，内容包里的文件“%s”被改动了（可能还在复制），没有导入，展示屏上原有的内容保持不变。复制完成、不再变化以后会重新导入",
			name)
	case errors.As(err, &read):
		return Failed, fmt.Sprintf("读取内容包里的文件“%s”时出错，没有导入，展示屏上原有的内容保持不变。"+
			"可能是U盘被拔出、接触不良或者U盘坏了（不是展示屏存储的问题）。请插好U盘，把整个内容包重新复制一遍；换一个U盘更稳妥。技术信息：%v",
			read.path, read.err)
	case errors.Is(err, context.Canceled):
		return Failed, "导入被中止（展示屏关机或程序停止），没有导入，展示屏上原有的内容保持不变。内容包还在原处，下次启动时会重新导入"
	case errors.Is(err, context.DeadlineExceeded):
		return Failed, "导入超过了规定的时间，被中止，没有导入，展示屏上原有的内容保持不变。内容包可能太大，请拆成几个小一些的内容包。技术信息：" + err.Error()
	case errors.Is(err, syscall.ENOSPC) || sqliteSays(err, "database or disk is full"):
		return Failed, "展示屏本机的存储空间不足，写不下这个内容包，没有导入，展示屏上原有的内容保持不变。请技术人员清理展示屏的存储空间，再把内容包重新放进收件箱。技术信息：" + err.Error()
	case errors.Is(err, syscall.EIO) || errors.Is(err, syscall.EROFS) ||
		sqliteSays(err, "disk I/O error") || sqliteSays(err, "attempt to write a readonly database"):
		return Failed, "写入展示屏本机存储时出错（存储可能损坏，或者变成了只读），没有导入，展示屏上原有的内容保持不变。请把本报告交给技术人员。技术信息：" + err.Error()
	}
	return Failed, "展示屏写入内容时遇到了程序内部的限制或错误，没有导入，展示屏上原有的内容保持不变。请把本报告交给技术人员。技术信息：" + err.Error()
}

// sqliteSays reports whether err carries SQLite's message for a condition.
// The driver's error does not unwrap to the system error behind it, and
// this package does not import the driver, so its fixed English messages
// are what there is to go by.
func sqliteSays(err error, msg string) bool {
	return strings.Contains(err.Error(), msg)
}
