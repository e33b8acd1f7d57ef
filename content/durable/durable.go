// Package durable writes files so that a power cut leaves the old file or
// the new one, never a torn one: the bytes go to a temp file in the same
// folder, are fsynced, renamed (or, for a file that must never be
// overwritten, hard-linked) into place, and the folder is fsynced. It is the
// one place in the project that does this, so that every OS behaves the same.
//
// It imports the standard library only.
package durable

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TempPrefix starts the name of every temp file this package makes. A file
// so named is never a finished one: one found while nobody writes was left
// by a process that stopped (a crash or a power cut) and may be removed.
// Syncthing's ignore patterns and folder readers rely on the prefix.
const TempPrefix = ".tmp-"

// IsTemp reports whether a file name (not a path) is one of this package's
// temp files.
func IsTemp(name string) bool { return strings.HasPrefix(name, TempPrefix) }

// Test hooks: a test stops the process between writing the temp file and
// putting it in place, or makes hard links fail as on a FAT stick.
var (
	beforePlace func(tmp string)
	link        = os.Link
)

// File is a file being written that takes the place of its path only when
// committed: until then the path keeps what it held.
type File struct {
	f    *os.File
	path string
	done bool
}

// Create starts a file to take path's place, with permission bits perm
// (exactly: the umask does not apply). Its temp file is in path's folder,
// which must exist.
func Create(path string, perm fs.FileMode) (*File, error) {
	f, err := os.CreateTemp(filepath.Dir(path), TempPrefix+filepath.Base(path)+"-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &File{f: f, path: path}, nil
}

// Write writes to the temp file.
func (f *File) Write(p []byte) (int, error) { return f.f.Write(p) }

// Commit makes the file durable and puts it in place: fsync, close,
// rename over path, fsync the folder. On error the temp file is removed.
func (f *File) Commit() error {
	if err := f.Place(); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(f.path))
}

// Place is Commit without the folder's fsync: the caller calls SyncDir once
// after placing many files in one folder. Until then a power cut may lose
// the new name (and leave the old file).
func (f *File) Place() error {
	if f.done {
		return errors.New("durable: file already committed or aborted")
	}
	f.done = true
	tmp := f.f.Name()
	err := f.f.Sync()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if beforePlace != nil {
			beforePlace(tmp)
		}
		err = os.Rename(tmp, f.path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Abort throws the temp file away; path keeps what it held. It does
// nothing after Commit or Place, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.f.Close()
	os.Remove(f.f.Name())
}

// WriteFile makes path hold data with permission bits perm, or leaves it as
// it was.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// WriteFunc makes path hold what write produces (through a buffer), or
// leaves it as it was if write or anything after it fails.
func WriteFunc(path string, perm fs.FileMode, write func(io.Writer) error) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Commit()
}

// CreateFile makes path with data and permission bits perm only if nothing
// is there (an error matching fs.ErrExist otherwise), whole or not at all:
// the temp file is hard-linked to its name, which unlike a rename fails if
// the name is taken. It is for keys, which must never be overwritten. Where
// the file system has no hard links (a FAT or exFAT stick), the file is
// created exclusively in place instead, and a power cut there may leave it
// partly written.
//
// A temp file an earlier CreateFile of the same name left behind (killed
// before it could remove it) is removed first: what CreateFile writes is a
// key, and a stray copy of a private key must not stay on a stick.
func CreateFile(path string, data []byte, perm fs.FileMode) error {
	removeLeftTemps(path)
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	tmp := f.f.Name()
	err = f.f.Sync()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	f.done = true
	defer os.Remove(tmp)
	if err != nil {
		return err
	}
	if beforePlace != nil {
		beforePlace(tmp)
	}
	err = link(tmp, path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		err = createInPlace(path, data, perm)
	}
	if err != nil {
		return err
	}
	return SyncDir(filepath.Dir(path))
}

// removeLeftTemps removes the temp files of path's name in its folder.
func removeLeftTemps(path string) {
	dir, prefix := filepath.Dir(path), TempPrefix+filepath.Base(path)+"-"
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// createInPlace is CreateFile where hard links are missing.
func createInPlace(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	err = f.Chmod(perm)
	if err == nil {
		_, err = f.Write(data)
	}
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
