package inbox

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"qingfeng/content/durable"
)

// attempt is what the marker file holds while a package is imported: which
// package, and its fingerprint, so that a package replaced by a new copy
// since is not blamed for what the old one did.
type attempt struct {
	Path    string    `json:"path"`
	Files   int       `json:"files"`
	Size    int64     `json:"size"`
	Changed int64     `json:"changed"`
	Started time.Time `json:"started"`
}

func (a *attempt) matches(fp fingerprint) bool {
	return a.Files == fp.files && a.Size == fp.size && a.Changed == fp.changed
}

// maxUnsettled bounds the attempts kept for packages not seen since.
const maxUnsettled = 16

// markerFile is what the marker holds: the attempt running now, if any,
// and those that never finished before and whose package has not been
// seen since (its inbox a USB stick not mounted yet).
type markerFile struct {
	Running   *attempt  `json:"running,omitempty"`
	Unsettled []attempt `json:"unsettled,omitempty"`
}

// loadMarker picks up the attempts that never finished: the process died
// during them. Each one's package is set aside when it is next considered.
func (in *Inbox) loadMarker() {
	in.suspects = map[string]attempt{}
	if in.Marker == "" {
		return
	}
	data, err := os.ReadFile(in.Marker)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	var m markerFile
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		in.Log.Error("import attempt marker unreadable; removed", "file", in.Marker, "err", err)
		in.writeMarker(nil)
		return
	}
	if m.Running != nil {
		m.Unsettled = append(m.Unsettled, *m.Running)
	}
	// A package not there now may be on a stick mounted later, even where
	// the inbox is the mount point itself (an empty folder until then): an
	// attempt stays recorded until its package is seen, or removed while
	// the kiosk watches. Only the latest few are kept.
	m.Unsettled = m.Unsettled[max(0, len(m.Unsettled)-maxUnsettled):]
	for _, a := range m.Unsettled {
		if a.Path == "" {
			continue
		}
		in.suspects[a.Path] = a
		in.Log.Warn("an import never finished (the kiosk stopped during it); its package will be set aside",
			"package", a.Path, "started", a.Started)
	}
	in.writeMarker(nil)
}

// mark records, durably, that the package at c is being imported. Without
// the marker a crash could repeat; the import goes ahead anyway, since a
// kiosk that cannot write its data folder has bigger problems to report.
func (in *Inbox) mark(c string, fp fingerprint) {
	in.writeMarker(&attempt{Path: c, Files: fp.files, Size: fp.size, Changed: fp.changed, Started: time.Now()})
}

// settled records that c needs no setting aside (any more).
func (in *Inbox) settled(c string) {
	if _, ok := in.suspects[c]; ok {
		delete(in.suspects, c)
		in.writeMarker(nil)
	}
}

// writeMarker writes the marker: running, and the attempts still
// unsettled. With neither, the file is removed.
func (in *Inbox) writeMarker(running *attempt) {
	if in.Marker == "" {
		return
	}
	m := markerFile{Running: running}
	for _, a := range in.suspects {
		m.Unsettled = append(m.Unsettled, a)
	}
	slices.SortFunc(m.Unsettled, func(a, b attempt) int { return a.Started.Compare(b.Started) })
	var err error
	if running == nil && len(m.Unsettled) == 0 {
		err = os.Remove(in.Marker)
		if errors.Is(err, fs.ErrNotExist) {
			return
		}
		if err == nil {
			err = durable.SyncDir(filepath.Dir(in.Marker))
		}
	} else {
		var data []byte
		if data, err = json.Marshal(m); err == nil {
			err = durable.WriteFile(in.Marker, data, 0o600)
		}
	}
	if err != nil {
		in.Log.Error("cannot record the import attempt", "file", in.Marker, "err", err)
	}
}

// setAside moves a package whose import never finished to rejected/ with
// a report, instead of trying it again.
func (in *Inbox) setAside(c string, a attempt) {
	res := Result{Source: c, Inbox: filepath.Dir(c), Outcome: Rejected, At: time.Now(), Reason: neverFinishedReason}
	if in.Aside != nil {
		if r, ok := in.Aside(c); ok {
			r.Source, r.Inbox, r.Outcome, r.At = res.Source, res.Inbox, res.Outcome, res.At
			res = r
		}
	}
	in.Log.Warn("package set aside: its import never finished", "package", c, "started", a.Started)
	if err := in.file(c, RejectedDir, res); err != nil {
		in.Log.Error("cannot move package or write its report", "package", c, "err", err)
		if fp, err := fingerprintOf(c); err == nil {
			in.handled[c] = fp // never tried again while it stays unchanged
		}
	}
	if in.OnResult != nil {
		in.OnResult(res)
	}
}

// neverFinishedReason is the report's reason for a package set aside
// because the kiosk stopped while importing it.
const neverFinishedReason = "上次导入这个内容包时，导入没有完成：展示屏在导入过程中停止了。" +
	"可能是断电，也可能是这个内容包需要的内存或时间超过了展示屏的能力，程序被系统强行结束。" +
	"这很可疑：正常的内容包几秒钟就能导入完，不会让展示屏停下来。" +
	"为了不让同一个内容包让展示屏一次又一次地重启，它被放到了一边，没有导入，展示屏上原有的内容保持不变。" +
	"如果当时确实断过电，请把这个内容包重新放进收件箱，展示屏会再试一次；" +
	"如果没有断电，请在办公室电脑上用 qingfeng check 检查这个内容包，把特别大的图片缩小、特别大的表格拆小后重新发来，" +
	"并把本报告交给技术人员"
