package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"qingfeng/content"
	"qingfeng/content/durable"
)

// tmpPrefix starts the name of a blob being written. Such a file is never
// referenced, so any found while no install runs is left over from a crash.
const tmpPrefix = durable.TempPrefix

// mediaPerm is the media files' mode: only the kiosk reads them.
const mediaPerm = 0o600

// syncWorkers is how many blobs are written and fsynced at once. On the
// 2-core development VM (ext4), creating, writing, fsyncing and renaming
// 1,000 files of 20 KB took 1.0-1.4 s one at a time and ~0.5 s with 8
// workers.
const syncWorkers = 8

// validSHA reports whether s is a lowercase hex SHA-256, the only names the
// media folder holds. It also keeps a hostile digest from naming a path
// outside the folder.
func validSHA(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// MediaPath returns the file that holds the blob with the given SHA-256 (hex),
// or "" if sha is not one. The file exists while an installed package
// references the blob (as media or as a thumbnail).
func (s *Store) MediaPath(sha string) string {
	if !validSHA(sha) {
		return ""
	}
	return filepath.Join(s.media, sha[:2], sha)
}

// blob is one file to put into the media folder.
type blob struct {
	sha  string
	size int64 // expected size, or -1 if unknown
	open func() (io.ReadCloser, error)
}

// blobJob is a blob handed to a worker: either its bytes, still to be
// written, or an already written and verified temp file.
type blobJob struct {
	sha   string
	final string
	data  *bytes.Buffer // returned to bufPool once written
	f     *durable.File
}

// memBlobMax bounds the blobs read into memory so that their file creation,
// write and fsync can run on a worker; at most syncWorkers+1 such buffers
// exist at once. Larger ones (long audio, big photos) are streamed by the
// calling goroutine, which then only hands over the fsync.
const memBlobMax = 4 << 20

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBlobs writes every blob not already in the media folder and makes them
// durable: each goes into a temp file in its final folder, is checked against
// its SHA-256, fsynced, and renamed into place; finally every folder whose
// entries changed is fsynced. Blobs are read (Media.Open is called) on the
// calling goroutine only; creating, writing, syncing and renaming files runs
// on syncWorkers goroutines, since for small files those system calls, not
// the bytes, are the cost, and they overlap well. On error, temp files are
// removed; renamed files stay for garbage collection.
func (s *Store) putBlobs(ctx context.Context, blobs []blob) (written int, err error) {
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
		dirty    = map[string]bool{} // folders whose entries changed
		seen     = map[string]bool{}
		work     = make(chan blobJob)
		copyBuf  = make([]byte, 256<<10)
		h        = sha256.New()
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	}
	for range syncWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				if err := s.finishBlob(j, failed); err != nil {
					fail(err)
				}
			}
		}()
	}

	for _, b := range blobs {
		if err := ctx.Err(); err != nil {
			fail(err)
		}
		if failed() {
			break
		}
		if seen[b.sha] {
			continue
		}
		seen[b.sha] = true
		final := s.MediaPath(b.sha)
		if fi, err := os.Stat(final); err == nil && fi.Mode().IsRegular() && (b.size < 0 || fi.Size() == b.size) {
			continue
		}
		dir := filepath.Dir(final)
		if !dirty[dir] { // first blob for this folder in this install
			if err := os.Mkdir(dir, 0o755); err == nil {
				dirty[s.media] = true
			} else if !errors.Is(err, fs.ErrExist) {
				fail(fmt.Errorf("store: %w", err))
				break
			}
			dirty[dir] = true
		}
		j, err := s.readBlob(b, final, copyBuf, h)
		if err != nil {
			fail(err)
			break
		}
		written++
		work <- j
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return written, firstErr
	}
	// A rename is durable only once its folder is synced; the install's
	// database commit must not reach the disk before the files it names.
	for dir := range dirty {
		if err := durable.SyncDir(dir); err != nil {
			return written, fmt.Errorf("store: syncing media folder: %w", err)
		}
	}
	return written, nil
}

// readBlob reads a small blob into memory, or streams a large one (or one
// larger than announced) into a verified temp file.
func (s *Store) readBlob(b blob, final string, copyBuf []byte, h hash.Hash) (blobJob, error) {
	j := blobJob{sha: b.sha, final: final}
	if b.open == nil {
		return j, fmt.Errorf("store: media %s: no way to read it", b.sha)
	}
	r, err := b.open()
	if err != nil {
		return j, fmt.Errorf("store: media %s: %w", b.sha, err)
	}
	defer r.Close()
	src := io.Reader(r)
	if b.size >= 0 && b.size <= memBlobMax {
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		buf.Grow(int(b.size) + bytes.MinRead)
		if _, err := buf.ReadFrom(io.LimitReader(r, memBlobMax+1)); err != nil {
			bufPool.Put(buf)
			return j, fmt.Errorf("store: reading media %s: %w", b.sha, err)
		}
		if buf.Len() <= memBlobMax {
			j.data = buf
			return j, nil
		}
		defer bufPool.Put(buf)
		src = io.MultiReader(bytes.NewReader(buf.Bytes()), r)
	}
	f, err := durable.Create(final, mediaPerm)
	if err != nil {
		return j, fmt.Errorf("store: %w", err)
	}
	h.Reset()
	n, err := io.CopyBuffer(io.MultiWriter(f, h), src, copyBuf)
	if err != nil {
		err = fmt.Errorf("store: reading media %s: %w", b.sha, err)
	} else {
		err = checkSum(b.sha, n, h.Sum(nil))
	}
	if err != nil {
		f.Abort()
		return j, err
	}
	j.f = f
	return j, nil
}

func checkSum(want string, n int64, sum []byte) error {
	if got := hex.EncodeToString(sum); got != want {
		return &ChangedError{SHA256: want, Size: n, Got: got}
	}
	return nil
}

// ChangedError is Install's error when a media file's bytes, as read to be
// written, are not those its digest names: its source changed after it was
// checked (a copy still going on, a stick answering differently), never a
// fault of the kiosk's storage. Every blob is hashed here, as it is read,
// so callers need not hash it again.
type ChangedError struct {
	SHA256 string // the digest the package names
	Size   int64  // the bytes read
	Got    string // their digest
}

// ChangedMedia is the digest the package names: callers that may not
// import the store recognise the error by this method.
func (e *ChangedError) ChangedMedia() string { return e.SHA256 }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("store: media %s changed while installing: its %d bytes hash to %s", e.SHA256, e.Size, e.Got)
}

// finishBlob runs on a worker: it writes an in-memory blob if needed, then
// syncs and renames the temp file; putBlobs syncs the folders once at the
// end. Once another blob failed, it only cleans up, since the install is
// lost anyway.
func (s *Store) finishBlob(j blobJob, failed func() bool) error {
	if j.data != nil {
		f, err := writeTemp(j.final, j.sha, j.data.Bytes(), failed)
		bufPool.Put(j.data)
		if err != nil || f == nil {
			return err
		}
		j.f = f
	}
	if failed() {
		j.f.Abort()
		return nil
	}
	if err := j.f.Place(); err != nil {
		return fmt.Errorf("store: writing media %s: %w", j.sha, err)
	}
	return nil
}

// writeTemp verifies data against sha and writes it to a new temp file next
// to final, returned open and unsynced; nil without error if the install
// failed meanwhile.
func writeTemp(final, sha string, data []byte, failed func() bool) (*durable.File, error) {
	sum := sha256.Sum256(data)
	if err := checkSum(sha, int64(len(data)), sum[:]); err != nil {
		return nil, err
	}
	if failed() {
		return nil, nil
	}
	f, err := durable.Create(final, mediaPerm)
	if err != nil {
		return nil, fmt.Errorf("store: writing media %s: %w", sha, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return nil, fmt.Errorf("store: writing media %s: %w", sha, err)
	}
	return f, nil
}

// mediaBlobs lists what Install must store for pkg: each media file and each
// thumbnail. It returns the thumbnail digest of each media index ("" if none).
func mediaBlobs(media []content.Media) (blobs []blob, thumbs []string) {
	thumbs = make([]string, len(media))
	for i, m := range media {
		blobs = append(blobs, blob{sha: m.SHA256, size: m.Size, open: m.Open})
		if len(m.Thumb) == 0 {
			continue
		}
		sum := sha256.Sum256(m.Thumb)
		thumbs[i] = hex.EncodeToString(sum[:])
		data := m.Thumb
		blobs = append(blobs, blob{
			sha:  thumbs[i],
			size: int64(len(data)),
			open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
		})
	}
	return blobs, thumbs
}

// CollectGarbage removes media files that no installed package references
// and temp files left by an interrupted install. Open runs it, and so does
// every Install once its transaction is over.
func (s *Store) CollectGarbage(ctx context.Context) error {
	unlock, err := s.exclusive(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return s.collectGarbage(ctx)
}

// collectGarbage must run under s.exclusive: between an install's media
// writes and its commit, the new files are not yet referenced.
func (s *Store) collectGarbage(ctx context.Context) error {
	refs := map[string]bool{}
	rows, err := s.rdb.QueryContext(ctx, `SELECT sha256 FROM media
		UNION SELECT thumb_sha256 FROM media WHERE thumb_sha256 IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("store: listing media: %w", err)
	}
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			rows.Close()
			return fmt.Errorf("store: listing media: %w", err)
		}
		refs[sha] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: listing media: %w", err)
	}

	subs, err := os.ReadDir(s.media)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	var removed, bytes int64
	var errs []error
	for _, sub := range subs {
		if !sub.IsDir() || len(sub.Name()) != 2 {
			continue
		}
		dir := filepath.Join(s.media, sub.Name())
		files, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		left := len(files)
		for _, f := range files {
			name := f.Name()
			stale := strings.HasPrefix(name, tmpPrefix) ||
				(validSHA(name) && name[:2] == sub.Name() && !refs[name])
			if !stale || f.IsDir() {
				continue // not ours: leave it for a person to look at
			}
			var size int64
			if fi, err := f.Info(); err == nil {
				size = fi.Size()
			}
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			removed++
			bytes += size
			left--
		}
		if left == 0 {
			os.Remove(dir) // best effort; recreated on demand
		}
	}
	if removed > 0 {
		s.log.Info("store: removed unreferenced media", "files", removed, "bytes", bytes)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: collecting garbage: %w", err)
	}
	return nil
}
