// Package store keeps a kiosk's installed content packages in one embedded
// SQLite database (dir/qingfeng.db) plus a content-addressed media folder
// (dir/media/<sha[:2]>/<sha>).
//
// Install is the only way content becomes live. It writes media files first
// (durably, each under its own hash, so a half-finished install leaves only
// unreferenced files) and then swaps the package's rows in one transaction, so
// after a crash at any instant a kiosk shows either the old package or the new
// one, never a mix. Files no package references are garbage-collected.
//
// All read methods take the moment to show content for and return only items
// whose publish window contains it; NextChange tells the UI when that answer
// changes next. Search finds Chinese substrings of any length.
//
// One data folder is meant to be owned by one kiosk process, but installs and
// garbage collection also take an advisory file lock (on systems that have
// flock) so that a second process, e.g. a staff tool, cannot collect files an
// install has written but not yet committed.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	// Registers the "sqlite3" driver; build with -tags sqlite_fts5.
	_ "github.com/mattn/go-sqlite3"

	"qingfeng/content"
	"qingfeng/content/durable"
	"qingfeng/content/internal/migrations"
)

// File names inside the data folder.
const (
	DBFile   = "qingfeng.db"
	MediaDir = "media"
	lockFile = "qingfeng.lock"
)

// ErrNotNewer is returned (wrapped) by Install when the installed version of
// the package is the same or newer.
var ErrNotNewer = content.ErrNotNewer

// Store is one kiosk's content database and media folder. It is safe for
// concurrent use.
type Store struct {
	dir   string
	media string
	now   func() time.Time
	log   *slog.Logger

	// Writes go through a single connection opened with BEGIN IMMEDIATE, so a
	// write transaction holds the write lock from its first statement and
	// never fails halfway with SQLITE_BUSY when upgrading a read lock. Reads
	// use a separate pool of deferred connections and, thanks to WAL, are
	// never blocked by an install in progress.
	wdb *sql.DB
	rdb *sql.DB

	mu   sync.Mutex // serializes Install and CollectGarbage in this process
	lock *dirLock   // does the same across processes
}

// Option configures Open.
type Option func(*Store)

// WithNow sets the clock used for installed_at and import timestamps.
func WithNow(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// WithLogger sets where the store logs what it did on its own (garbage
// collection, migrations). The default discards.
func WithLogger(l *slog.Logger) Option {
	return func(s *Store) {
		if l != nil {
			s.log = l
		}
	}
}

// newStore is a Store for dir with opts applied, not yet open.
func newStore(dir string, opts []Option) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	s := &Store{
		dir:   abs,
		media: filepath.Join(abs, MediaDir),
		now:   time.Now,
		log:   slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Open opens (creating if needed) the store in dir, applies pending schema
// migrations, and removes media files left unreferenced by an earlier crash.
func Open(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	s, err := newStore(dir, opts)
	if err != nil {
		return nil, err
	}
	abs := s.dir
	if err := os.MkdirAll(s.media, 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// Installs sync the folders they add files to, but not these two, which
	// may have just been created.
	for _, d := range []string{s.media, abs} {
		if err := durable.SyncDir(d); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	if s.lock, err = openDirLock(filepath.Join(abs, lockFile)); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := s.open(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.CollectGarbage(ctx); err != nil {
		// Orphans only cost disk space; the next install collects again.
		s.log.Warn("store: garbage collection at open failed", "err", err)
	}
	return s, nil
}

// ErrNoDatabase is returned (wrapped) by OpenReadOnly when the folder holds
// no kiosk database.
var ErrNoDatabase = errors.New("store: no database in the folder")

// SchemaError is OpenReadOnly's refusal of a database whose schema is not
// this program's: Have < Want, an older version made it and the kiosk
// migrates it at its next start; Have > Want, a newer version did.
type SchemaError struct{ Have, Want int }

func (e *SchemaError) Error() string {
	return fmt.Sprintf("store: database schema version %d, this program's %d", e.Have, e.Want)
}

// OpenReadOnly opens the store in dir for reading only: it creates no
// folder, database or lock file (SQLite keeps the -wal and -shm files of a
// database in WAL mode beside it while reading), applies no migration and
// collects no garbage, and every write through it fails. A folder without
// a database is ErrNoDatabase, so a mistyped folder is not read as an
// empty kiosk; a database of another schema version is a *SchemaError,
// not a query failing on a table it lacks.
func OpenReadOnly(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	s, err := newStore(dir, opts)
	if err != nil {
		return nil, err
	}
	abs := s.dir
	if fi, err := os.Stat(filepath.Join(abs, DBFile)); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s", ErrNoDatabase, abs)
	}
	u := s.dbURL()
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "1")
	dsn := u.String() + "?" + q.Encode()
	for _, db := range []**sql.DB{&s.wdb, &s.rdb} {
		if *db, err = sql.Open("sqlite3", dsn); err != nil {
			s.Close()
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	s.wdb.SetMaxOpenConns(1)
	s.rdb.SetMaxOpenConns(4)
	if err := s.rdb.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	have, want, err := migrations.Versions(ctx, s.rdb, migrationFS)
	if err == nil && have != want {
		err = &SchemaError{Have: have, Want: want}
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// dbURL is the database file as a "file:" URI: go-sqlite3 then keeps the
// parameters, and a data folder name may contain '?' or '#'.
func (s *Store) dbURL() url.URL {
	path := filepath.ToSlash(filepath.Join(s.dir, DBFile))
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // Windows drive letters: file:///C:/...
	}
	return url.URL{Scheme: "file", Path: path}
}

func (s *Store) open(ctx context.Context) error {
	// The pragmas are applied by the driver to every pooled connection as
	// it is opened.
	u := s.dbURL()
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "1")
	// FULL, not the WAL-usual NORMAL: opinions left by visitors will be
	// stored here and must survive a power cut, not only an application
	// crash.
	q.Set("_synchronous", "FULL")
	readDSN := u.String() + "?" + q.Encode()
	q.Set("_txlock", "immediate")
	writeDSN := u.String() + "?" + q.Encode()

	var err error
	if s.wdb, err = sql.Open("sqlite3", writeDSN); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetConnMaxIdleTime(0)
	if err := checkWAL(ctx, s.wdb); err != nil {
		return err
	}
	if err := migrate(ctx, s.wdb, migrationFS, s.now, s.log); err != nil {
		return err
	}
	// The reader pool opens only after the writer created the file and the
	// schema, so a reader never races the first migration.
	if s.rdb, err = sql.Open("sqlite3", readDSN); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	s.rdb.SetMaxOpenConns(4)
	s.rdb.SetMaxIdleConns(4)
	return checkWAL(ctx, s.rdb)
}

// checkWAL fails unless the database really is in WAL mode: the driver sets
// it silently, and on some file systems (network shares) SQLite refuses and
// stays in rollback mode, which would let readers block installs.
func checkWAL(ctx context.Context, db *sql.DB) error {
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("store: reading journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("store: journal mode is %q, want wal", mode)
	}
	return nil
}

// Close closes the database. The Store must not be used afterwards; closing
// it again does nothing.
func (s *Store) Close() error {
	var errs []error
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
		s.rdb = nil
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
		s.wdb = nil
	}
	if s.lock != nil {
		errs = append(errs, s.lock.close())
		s.lock = nil
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Dir returns the data folder the store was opened on.
func (s *Store) Dir() string { return s.dir }

// exclusive takes the in-process and cross-process locks that keep installs
// and garbage collection apart.
func (s *Store) exclusive(ctx context.Context) (unlock func(), err error) {
	s.mu.Lock()
	if err := s.lock.lock(ctx); err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("store: locking data folder: %w", err)
	}
	return func() {
		if err := s.lock.unlock(); err != nil {
			s.log.Warn("store: unlocking data folder", "err", err)
		}
		s.mu.Unlock()
	}, nil
}

// unixOrNull converts a window bound to its column value: NULL for an open
// bound, else UTC unix seconds (the store keeps second precision).
func unixOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func timeFromNull(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}

func windowOf(from, until sql.NullInt64) content.Window {
	return content.Window{From: timeFromNull(from), Until: timeFromNull(until)}
}
