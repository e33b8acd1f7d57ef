package inbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fsnotify/fsnotify"

	"qingfeng/content/durable"
	"qingfeng/content/sign"
)

// Folder names beside the packages in an inbox.
const (
	DoneDir     = "done"
	RejectedDir = "rejected"
	// ReportSuffix is appended to a package's name for its report.
	ReportSuffix = ".import-report.txt"
	// USBOutboxDir and USBInboxDir are staff mode's 与U盘同步 folders in a
	// stick's qingfeng folder (content/usbsync), which is often an inbox
	// too: kiosks' outboxes and what the sync itself imports, not
	// packages for the watcher.
	USBOutboxDir = "outbox"
	USBInboxDir  = "inbox"
)

// Inbox watches inbox folders and imports each package that arrives in one.
// The zero values of the durations give the defaults noted on each.
type Inbox struct {
	Dirs     []string
	Importer *Importer
	// Quiet: how long a package must go unchanged before it is looked at
	// (default 400ms). Short, because completeness is also checked.
	Quiet time.Duration
	// FolderQuiet: the quiet period for a package folder (default 3s). A
	// folder has no end marker the way a zip has its central directory: a
	// copy that pauses between files, with nothing referring to the files
	// still to come, would look complete. So folders wait longer; zips,
	// which cannot look complete early, keep the short Quiet.
	FolderQuiet time.Duration
	// GiveUp: how long a package that looks half-copied may sit unchanged
	// before it is rejected with a report (default 2 minutes), so staff are
	// not left guessing about a copy that stopped.
	GiveUp time.Duration
	// Rescan, if set, asks for a scan of every inbox now (staff mode's
	// button, after a stick was mounted late).
	Rescan <-chan struct{}
	// Poll: how often every inbox is rescanned anyway (default 10s). This
	// catches lost events and inbox folders that appear later (a USB stick
	// mounted after start). A rescan never restarts a quiet period: only a
	// real change does (an event, or a newer change time in the tree).
	Poll time.Duration
	// Location is the time zone reports are written in.
	Location *time.Location
	Log      *slog.Logger
	// OnResult is called after every finished attempt (not for packages that
	// are still arriving).
	OnResult func(Result)
	// OnStart, if set, is called as an import of the package at path, found
	// in the inbox folder dir, begins; OnResult follows for it unless the
	// package turns out to be still arriving.
	OnStart func(path, dir string)
	// Marker is the file that records the package being imported while
	// the attempt runs (in the kiosk's data folder, not on the stick). If
	// the process dies during an import (out of memory, power cut), the
	// next Run finds it and sets that package aside instead of trying it
	// again, so one package cannot put the kiosk in a crash loop. Empty:
	// no such protection (tests, tools).
	Marker string
	// Release, if set, is offered each package before the content import:
	// a software release is its business (handled), with the result it
	// files and reports like any package's.
	Release func(ctx context.Context, path string) (res Result, handled bool)
	// Aside, if set, gives the result (its reason and report) for a
	// package set aside because the process died while it was handled
	// (Marker): a software release is not a content package, and its
	// report must say so. ok false: the content import's words.
	Aside func(path string) (res Result, ok bool)
	// Hold, if set, is asked before a quiet package is looked at: true
	// leaves it where it is, unreported, to be looked at again at a later
	// rescan (a software release while another one is on trial).
	Hold func(path string) bool

	watcher  *fsnotify.Watcher
	watched  map[string]bool
	settle   *Settle
	handled  map[string]fingerprint // attempts whose package could not be moved away
	arriving map[string]arrival
	seen     map[string]fingerprint // each candidate as last looked at
	held     map[string]bool        // candidates Hold kept, logged once
	suspects map[string]attempt     // from the marker: imports that never finished
}

// arrival remembers a package that looked incomplete.
type arrival struct {
	fp    fingerprint
	since time.Time
	res   Result
}

func (in *Inbox) defaults() {
	if in.Quiet == 0 {
		in.Quiet = 400 * time.Millisecond
	}
	if in.FolderQuiet == 0 {
		in.FolderQuiet = 3 * time.Second
	}
	if in.GiveUp == 0 {
		in.GiveUp = 2 * time.Minute
	}
	if in.Poll == 0 {
		in.Poll = 10 * time.Second
	}
	if in.Log == nil {
		in.Log = slog.New(slog.DiscardHandler)
	}
}

// Run watches until ctx is done. Each inbox is scanned at start, so a
// package dropped while the kiosk was off is taken too.
func (in *Inbox) Run(ctx context.Context) error {
	in.defaults()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch inbox: %w", err)
	}
	defer w.Close()
	in.watcher = w
	in.watched = map[string]bool{}
	in.settle = NewSettle(in.Quiet)
	in.settle.QuietFor = in.quietFor
	in.handled = map[string]fingerprint{}
	in.arriving = map[string]arrival{}
	in.seen = map[string]fingerprint{}
	in.held = map[string]bool{}
	in.loadMarker()

	changes := make(chan string, 256)
	rescan := make(chan struct{}, 1)
	go in.adapt(ctx, changes, rescan)

	in.scan(time.Now())
	poll := time.NewTicker(in.Poll)
	defer poll.Stop()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		timer.Stop()
		if next, ok := in.settle.Next(); ok {
			timer.Reset(max(time.Until(next), 0))
		}
		select {
		case <-ctx.Done():
			return nil
		case c := <-changes:
			if _, ok := in.seen[c]; !ok {
				in.seen[c] = fingerprint{} // not looked at yet
				in.Log.Info("package arriving; it is looked at once it has been quiet", "package", c)
			}
			in.settle.Touch(c, time.Now())
		case <-rescan:
			in.Log.Warn("inbox events lost, rescanning")
			in.scan(time.Now())
		case <-in.Rescan:
			in.Log.Info("inbox rescanned on request")
			in.scan(time.Now())
		case <-poll.C:
			in.scan(time.Now())
		case <-timer.C:
			for _, c := range in.settle.Due(time.Now()) {
				in.consider(ctx, c)
				if ctx.Err() != nil {
					return nil
				}
			}
		}
	}
}

// adapt turns raw fsnotify events into candidate paths. New folders inside
// an inbox get watched too (fsnotify is not recursive), so a package folder
// copied file by file keeps resetting its quiet period.
func (in *Inbox) adapt(ctx context.Context, changes chan<- string, rescan chan<- struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-in.watcher.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					in.watchTree(ev.Name)
				}
			}
			if c := in.candidate(ev.Name); c != "" {
				select {
				case changes <- c:
				default: // the loop is busy: fall back to a rescan
					select {
					case rescan <- struct{}{}:
					default:
					}
				}
			}
		case err, ok := <-in.watcher.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				select {
				case rescan <- struct{}{}:
				default:
				}
			} else {
				in.Log.Warn("inbox watch error", "err", err)
			}
		}
	}
}

// watchTree adds a watch on dir and every folder below it. Errors are
// logged: the poll rescan still finds what a missing watch would miss.
func (in *Inbox) watchTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if err := in.watcher.Add(p); err != nil {
			in.Log.Debug("cannot watch", "dir", p, "err", err)
		}
		return nil
	})
}

// candidate maps any path inside an inbox to the package it belongs to, or
// "" for paths that are not packages (done/, rejected/, reports, temp files).
func (in *Inbox) candidate(p string) string {
	for _, d := range in.Dirs {
		rel, err := filepath.Rel(d, p)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			continue
		}
		top, rest, _ := strings.Cut(filepath.ToSlash(rel), "/")
		if !isCandidateName(top) {
			return ""
		}
		c := filepath.Join(d, top)
		if st, err := os.Lstat(c); err == nil && st.Mode()&fs.ModeSymlink != 0 {
			return "" // a link could point to any folder or zip of the kiosk
		}
		if rest == "" && !strings.EqualFold(filepath.Ext(top), ".zip") {
			// A top-level file that is not a zip is only a package if it
			// is a folder; a file being copied under a temp name becomes a
			// candidate when renamed to .zip.
			if st, err := os.Stat(c); err != nil || !st.IsDir() {
				return ""
			}
		}
		return c
	}
	return ""
}

func isCandidateName(name string) bool {
	if name == DoneDir || name == RejectedDir || name == USBOutboxDir || name == USBInboxDir || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~") {
		return false
	}
	return !strings.HasSuffix(name, ReportSuffix)
}

// quietFor is how long candidate c must go unchanged before it is looked
// at. A folder has no end marker the way a zip has its central directory,
// so it waits FolderQuiet; a signed folder says itself what it must hold
// (its manifest), so the first look comes as soon as for a zip, and only
// after it was found incomplete does it wait as long as any folder.
func (in *Inbox) quietFor(c string) time.Duration {
	st, err := os.Stat(c)
	if err != nil || !st.IsDir() {
		return in.Quiet
	}
	if _, waiting := in.arriving[c]; !waiting && signedFolder(c) {
		return in.Quiet
	}
	return max(in.FolderQuiet, in.Quiet)
}

// signedFolder reports whether folder c carries a manifest and its
// signature at its top.
func signedFolder(c string) bool {
	for _, n := range []string{sign.ManifestFile, sign.SignatureFile} {
		if st, err := os.Stat(filepath.Join(c, n)); err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// scan makes sure every inbox that exists is watched, and records every
// candidate in it that changed since it was last looked at, at the time of
// its newest change, not at now: a rescan that finds nothing new must not
// restart a quiet period, or with a poll shorter than that period a folder
// would never be taken. A candidate still waiting to be completed is
// handed on again, so it is given up on in time.
func (in *Inbox) scan(now time.Time) {
	for _, d := range in.Dirs {
		entries, err := os.ReadDir(d)
		if err != nil {
			if in.watched[d] {
				in.Log.Info("inbox gone", "dir", d, "err", err)
				delete(in.watched, d)
			}
			continue
		}
		if !in.watched[d] {
			if err := in.watcher.Add(d); err != nil {
				in.Log.Warn("cannot watch inbox", "dir", d, "err", err)
			} else {
				in.watched[d] = true
				in.Log.Info("watching inbox", "dir", d)
			}
		}
		for _, e := range entries {
			c := in.candidate(filepath.Join(d, e.Name()))
			if c == "" {
				continue
			}
			if e.IsDir() {
				in.watchTree(c)
			}
			fp, err := fingerprintOf(c)
			if err != nil {
				continue
			}
			_, waiting := in.arriving[c]
			prev, ok := in.seen[c]
			if ok && prev == fp && !waiting {
				continue
			}
			if !ok && !in.held[c] {
				in.Log.Info("package found; it is looked at once it has been quiet", "package", c)
			}
			in.seen[c] = fp
			t := fp.changedAt()
			if t.After(now) {
				t = now // a change time in the future: the clock was set back
			}
			in.settle.Touch(c, t)
		}
	}
}

// consider looks at a candidate that has been quiet: imports it, waits for
// the rest of a half-arrived copy, or gives up on one that stopped.
func (in *Inbox) consider(ctx context.Context, c string) {
	fp, err := fingerprintOf(c)
	if err != nil {
		// Gone (moved away, or the stick was pulled): nothing to wait for
		// or to set aside.
		delete(in.arriving, c)
		delete(in.handled, c)
		delete(in.seen, c)
		delete(in.held, c)
		in.settled(c)
		return
	}
	in.seen[c] = fp
	if s, ok := in.suspects[c]; ok {
		in.settled(c)
		if s.matches(fp) {
			in.setAside(c, s)
			return
		}
		// Replaced by another copy since: that one gets its own try.
	}
	if h, ok := in.handled[c]; ok && h == fp {
		return // attempted already and could not be moved; unchanged since
	}
	if in.Hold != nil && in.Hold(c) {
		if !in.held[c] {
			in.Log.Info("package held; it is looked at again at each rescan", "package", c)
		}
		in.held[c] = true
		delete(in.seen, c) // the next rescan finds it again
		in.settled(c)
		return
	}
	delete(in.held, c)
	var res Result
	if a, ok := in.arriving[c]; ok && a.fp == fp {
		// Unchanged since it was found incomplete: reading it again would
		// find the same.
		if time.Since(a.since) < in.GiveUp {
			return
		}
		res = a.res
	} else if fp.copying != "" {
		res = Result{Source: c, Outcome: Incomplete, At: time.Now(),
			Reason: fmt.Sprintf("内容包里还有复制程序的临时文件“%s”，还没有复制完", ReportName(fp.copying))}
	} else {
		in.mark(c, fp)
		if in.OnStart != nil {
			in.OnStart(c, filepath.Dir(c))
		}
		handled := false
		if in.Release != nil {
			res, handled = in.Release(ctx, c)
		}
		if !handled {
			res = in.Importer.importPath(ctx, c, Synced(filepath.Dir(c)))
		}
		in.writeMarker(nil) // over: a shutdown that stopped it is no crash
	}
	if ctx.Err() != nil {
		// Stopped mid-import (shutdown): nothing was committed, and the
		// package is not at fault. Leave it for the next start.
		in.Log.Info("import interrupted by shutdown; the package stays in the inbox", "package", c)
		return
	}
	if res.Outcome == Incomplete {
		a, seen := in.arriving[c]
		if !seen || a.fp != fp {
			in.arriving[c] = arrival{fp: fp, since: time.Now(), res: res}
			in.Log.Info("package incomplete, waiting for the copy to finish", "package", c, "reason", res.Reason)
			return
		}
		if time.Since(a.since) < in.GiveUp {
			return
		}
		res.Outcome = Rejected
		why := "可能复制中断或U盘被拔出"
		if !res.Problems.HasErrors() && res.Reason != "" {
			why = res.Reason // what held it back was not a problem of its files
		}
		res.Reason = fmt.Sprintf("内容包已经%s没有变化，但仍不完整（%s）", durationWords(in.GiveUp), why)
	}
	delete(in.arriving, c)
	if _, err := os.Stat(c); err != nil && res.Outcome == Failed {
		in.Log.Warn("package vanished during import", "package", c, "err", res.Err)
		return
	}
	res.Inbox = filepath.Dir(c)
	dest := DoneDir
	if res.Outcome != Imported {
		dest = RejectedDir
	}
	if err := in.file(c, dest, res); err != nil {
		in.Log.Error("cannot move package or write its report", "package", c, "err", err)
		in.handled[c] = fp
	}
	in.Log.Info("import attempt", "package", c, "outcome", res.Outcome.String(), "id", res.PackageID,
		"version", res.Version, "took", res.Took, "reason", res.Reason)
	if in.OnResult != nil {
		in.OnResult(res)
	}
}

// file moves the package into done/ or rejected/ beside it and writes the
// report next to it there.
func (in *Inbox) file(c, sub string, res Result) error {
	dir := filepath.Join(filepath.Dir(c), sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	target := freeName(dir, filepath.Base(c))
	if err := os.Rename(c, target); err != nil {
		return err
	}
	res.Source = target
	return durable.WriteFile(target+ReportSuffix, ReportFile(res, in.Location), 0o600)
}

// durationWords says a duration the way staff would: 2分钟, 45秒.
func durationWords(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d分钟", int(d/time.Minute))
	}
	return fmt.Sprintf("%d秒", int(d.Round(time.Second)/time.Second))
}

// freeName returns dir/name, or dir/name-2.ext, -3 ... if taken, so a
// package dropped twice keeps both attempts and both reports. A name too
// long for its report (and the report's temp file) to be named after it
// is cut: a folder may take the whole 255 bytes a file system allows.
func freeName(dir, name string) string {
	ext := filepath.Ext(name)
	if !strings.EqualFold(ext, ".zip") {
		ext = ""
	}
	stem := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		n := ""
		if i > 1 {
			n = fmt.Sprintf("-%d", i)
		}
		p := filepath.Join(dir, cutName(stem, maxFiledName-len(n)-len(ext))+n+ext)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
}

// maxFiledName bounds, in bytes, the name a package is filed under: its
// report's temp file (durable's prefix, the name, the report's suffix and
// a random number) must fit in a name of 255 bytes, the longest most file
// systems take (FAT's 255 UTF-16 units are never more bytes).
const maxFiledName = 255 - len(durable.TempPrefix) - len(ReportSuffix) - len("-4294967295")

// cutName shortens s to at most n bytes, on a character boundary, without
// leaving a space or dot at its end (Windows drops them).
func cutName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimRight(s[:n], " .")
}

// fingerprint summarises a candidate's files so an unchanged package is
// recognised without reading it.
type fingerprint struct {
	files int
	size  int64
	// changed is the newest change in the tree, Unix nanoseconds: the
	// later of each entry's modification and status change time. The
	// status change time is set by this machine's kernel whenever a file
	// is written or renamed, so a copier that keeps the old modification
	// times (cp -p, rsync -a, Syncthing) still shows a recent change.
	changed int64
	// copying names a copier's temp file in the tree (Syncthing's, a
	// browser's), "" if there is none: the package is still arriving even
	// if what is already there looks complete.
	copying string
}

func (fp fingerprint) changedAt() time.Time { return time.Unix(0, fp.changed) }

func fingerprintOf(p string) (fingerprint, error) {
	var fp fingerprint
	err := filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fp.files++
		fp.size += info.Size()
		fp.changed = max(fp.changed, info.ModTime().UnixNano(), statusChange(info).UnixNano())
		if fp.copying == "" && !d.IsDir() && copierTemp(d.Name()) {
			rel, _ := filepath.Rel(p, q)
			fp.copying = filepath.ToSlash(rel)
		}
		return nil
	})
	return fp, err
}

// copierTemp reports whether name is what a copier calls a file it is
// still writing: Syncthing (.syncthing.NAME.tmp, ~syncthing~NAME.tmp on
// Windows) and browsers and file managers (.part, .partial, .crdownload).
// The parser skips hidden files, so without this a folder that Syncthing
// is still filling would look complete.
func copierTemp(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case (strings.HasPrefix(lower, ".syncthing.") || strings.HasPrefix(lower, "~syncthing~")) && strings.HasSuffix(lower, ".tmp"):
		return true
	case strings.HasSuffix(lower, ".part"), strings.HasSuffix(lower, ".partial"), strings.HasSuffix(lower, ".crdownload"):
		return true
	}
	return false
}
