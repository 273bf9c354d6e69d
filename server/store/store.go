package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Defaults for Config.
const (
	DefaultFileName    = "hangar.db"
	DefaultReadConns   = 4
	DefaultBusyTimeout = 5 * time.Second
)

// Config configures Open.
type Config struct {
	Dir         string                // directory of the database file; created if missing (required)
	FileName    string                // default DefaultFileName
	QueueSize   int                   // writer queue bound; default DefaultQueueSize
	MaxWait     time.Duration         // bound of a write whose ctx has no deadline; default DefaultMaxWait
	ReadConns   int                   // read pool size; default DefaultReadConns
	BusyTimeout time.Duration         // SQLite busy_timeout; default DefaultBusyTimeout
	Registerer  prometheus.Registerer // store metrics; nil registers nothing
	// SyncHook, when set, is called on the writer goroutine just before and
	// just after every durability sync (tests and benchmarks count and
	// hold syncs with it). It must not call the store's write methods.
	SyncHook func(SyncEvent)
}

func (c *Config) fill() error {
	if c.Dir == "" {
		return fmt.Errorf("store config: dir is required: %w", ErrInvalid)
	}
	if c.QueueSize < 0 || c.ReadConns < 0 || c.BusyTimeout < 0 || c.MaxWait < 0 {
		return fmt.Errorf("store config: negative queue size, read conns, busy timeout or max wait: %w", ErrInvalid)
	}
	if c.FileName == "" {
		c.FileName = DefaultFileName
	}
	if c.ReadConns == 0 {
		c.ReadConns = DefaultReadConns
	}
	if c.BusyTimeout == 0 {
		c.BusyTimeout = DefaultBusyTimeout
	}
	return nil
}

// Store is the embedded SQLite store: documents, the change-state queue and
// the topic vector table. Writes go through one Writer; reads use a pool.
type Store struct {
	path   string
	wdb    *sql.DB // one connection, used only on the writer goroutine
	rdb    *sql.DB // read-only pool
	writer *Writer
	notify chan struct{}
	// syncHook is Config.SyncHook.
	syncHook func(SyncEvent)
	once     sync.Once
	err      error
}

// Open opens (creating if needed) the database under cfg.Dir and migrates
// its schema.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Store{path: filepath.Join(cfg.Dir, cfg.FileName), notify: make(chan struct{}, 1), syncHook: cfg.SyncHook}
	if err := s.openDBs(ctx, cfg); err != nil {
		return nil, err
	}
	w, err := newWriter(WriterConfig{QueueSize: cfg.QueueSize, MaxWait: cfg.MaxWait, Registerer: cfg.Registerer}, s.runGroup)
	if err != nil {
		s.closeDBs()
		return nil, err
	}
	s.writer = w
	return s, nil
}

func (s *Store) openDBs(ctx context.Context, cfg Config) error {
	var err error
	if s.wdb, err = openDB(s.path, cfg.BusyTimeout, false); err != nil {
		return err
	}
	s.wdb.SetMaxOpenConns(1)
	if err = migrate(ctx, s.wdb); err != nil {
		s.wdb.Close()
		return fmt.Errorf("open store %s: %w", s.path, err)
	}
	if s.rdb, err = openDB(s.path, cfg.BusyTimeout, true); err != nil {
		s.wdb.Close()
		return err
	}
	s.rdb.SetMaxOpenConns(cfg.ReadConns)
	return nil
}

func openDB(path string, busy time.Duration, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}

// Ping checks that the database answers a read (for readiness probes).
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.rdb.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("store ping: %w", err)
	}
	return nil
}

// Dir is the directory holding the database (and other backends' files).
func (s *Store) Dir() string { return filepath.Dir(s.path) }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Writer is the store's single writer (implements Serialized).
func (s *Store) Writer() *Writer { return s.writer }

// Notify is signalled (never blocking, coalesced) whenever a change row
// becomes pending: a new document, a retry, a reclaimed or released lease.
// It has one consumer: the cascade worker.
func (s *Store) Notify() <-chan struct{} { return s.notify }

func (s *Store) signal() {
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// Close drains the writer and closes the database. Leases are NOT released
// (the cascade worker does that in its own Close). Idempotent.
func (s *Store) Close() error {
	s.once.Do(func() {
		werr := s.writer.Close()
		s.err = errors.Join(werr, s.closeDBs())
	})
	return s.err
}

func (s *Store) closeDBs() error {
	var errs []error
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
	}
	return errors.Join(errs...)
}

// write runs fn in an immediate transaction on the writer goroutine,
// grouped with the writes queued next to it (see runGroup). fn may run a
// second time, alone, if SQLite aborts the shared transaction; the first
// run's effects are then rolled back.
func (s *Store) write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return s.writer.doOp(ctx, txOp{fn: fn})
}

// writeDurable is write for a write the caller acknowledges to a client:
// it returns only after files (asked once fn succeeded) are synced and
// the commit has fsynced the WAL.
func (s *Store) writeDurable(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error, files func() []string) error {
	return s.writer.doOp(ctx, txOp{fn: fn, durable: true, files: files})
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}
