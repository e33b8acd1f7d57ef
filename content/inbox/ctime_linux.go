package inbox

import (
	"io/fs"
	"syscall"
	"time"
)

// statusChange returns when the file's inode last changed (written,
// renamed, its times set): the kernel sets it, no copier can.
func statusChange(info fs.FileInfo) time.Time {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return time.Unix(st.Ctim.Sec, st.Ctim.Nsec)
	}
	return info.ModTime()
}
