package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// Claim moves up to n pending rows (due now, oldest first) to indexing,
// owned by owner, with a lease expiring after lease (lease <= 0: never
// expires), counts the attempt, and returns them with their topics.
func (s *Store) Claim(ctx context.Context, owner string, n int, lease time.Duration) ([]Claim, error) {
	if owner == "" || n < 1 {
		return nil, fmt.Errorf("claim: owner %q, n %d: %w", owner, n, ErrInvalid)
	}
	if due, err := s.anyDue(ctx); err != nil || !due {
		return nil, err
	}
	var claims []Claim
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := time.Now()
		var exp int64
		if lease > 0 {
			exp = now.Add(lease).UnixNano()
		}
		rows, err := tx.QueryContext(ctx, `UPDATE changes SET status = 'indexing', lease_owner = ?,
			lease_expires_at = ?, attempts = attempts + 1, updated_at = ?
			WHERE doc_id IN (SELECT doc_id FROM changes WHERE status = 'pending' AND not_before <= ?
				ORDER BY created_at, doc_id LIMIT ?)
			RETURNING doc_id, attempts`, owner, exp, now.UnixNano(), now.UnixNano(), n)
		if err != nil {
			return err
		}
		claims, err = scanClaims(rows, fromNanos(exp))
		if err != nil {
			return err
		}
		return fillClaims(ctx, tx, claims)
	})
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	return claims, nil
}

// anyDue checks on the read pool whether a claim could find work, so an
// idle poll costs a read, not a write transaction through the writer.
func (s *Store) anyDue(ctx context.Context) (bool, error) {
	var due bool
	err := s.rdb.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM changes
		WHERE status = 'pending' AND not_before <= ?)`, time.Now().UnixNano()).Scan(&due)
	if err != nil {
		return false, fmt.Errorf("claim: %w", err)
	}
	return due, nil
}

func scanClaims(rows *sql.Rows, exp time.Time) ([]Claim, error) {
	defer rows.Close()
	var claims []Claim
	for rows.Next() {
		c := Claim{LeaseExpiresAt: exp}
		if err := rows.Scan(&c.DocID, &c.Attempts); err != nil {
			return nil, err
		}
		claims = append(claims, c)
	}
	return claims, rows.Err()
}

func fillClaims(ctx context.Context, tx *sql.Tx, claims []Claim) error {
	for i := range claims {
		c := &claims[i]
		var topics string
		err := tx.QueryRowContext(ctx, `SELECT category_id, md_path, content_sha256, topics
			FROM documents WHERE doc_id = ?`, c.DocID).Scan(&c.CategoryID, &c.MDPath, &c.ContentSHA256, &topics)
		if err != nil {
			return fmt.Errorf("document %s: %w", c.DocID, err)
		}
		if err := json.Unmarshal([]byte(topics), &c.Topics); err != nil {
			return fmt.Errorf("document %s: topics column: %w", c.DocID, err)
		}
	}
	return nil
}

// MaxErrorLen bounds the last_error kept per row (LLM error bodies can be
// large); longer messages are cut at a rune boundary and marked.
const MaxErrorLen = 2048

func clipError(s string) string {
	if len(s) <= MaxErrorLen {
		return s
	}
	cut := MaxErrorLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "...(truncated)"
}

// transition updates one row claimed by owner; ErrLeaseLost when the row is
// no longer indexing under owner (reclaimed, or the document deleted).
func (s *Store) transition(ctx context.Context, what, docID, owner, set string, args ...any) error {
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE changes SET `+set+`, lease_owner = '', lease_expires_at = 0,
			updated_at = ? WHERE doc_id = ? AND status = 'indexing' AND lease_owner = ?`,
			append(args, time.Now().UnixNano(), docID, owner)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%s is not indexing under %s: %w", docID, owner, ErrLeaseLost)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// MarkIndexed moves a row claimed by owner to indexed.
func (s *Store) MarkIndexed(ctx context.Context, docID, owner string) error {
	return s.transition(ctx, "mark indexed", docID, owner, `status = 'indexed', last_error = ''`)
}

// Retry returns a row claimed by owner to pending, due at notBefore, with
// the error that made the attempt fail.
func (s *Store) Retry(ctx context.Context, docID, owner, lastErr string, notBefore time.Time) error {
	err := s.transition(ctx, "retry", docID, owner, `status = 'pending', last_error = ?, not_before = ?`,
		clipError(lastErr), nanos(notBefore))
	if err == nil {
		s.signal()
	}
	return err
}

// MarkFailed moves a row claimed by owner to failed with its last error.
func (s *Store) MarkFailed(ctx context.Context, docID, owner, lastErr string) error {
	return s.transition(ctx, "mark failed", docID, owner, `status = 'failed', last_error = ?`, clipError(lastErr))
}

// ReclaimExpired returns indexing rows whose lease has expired to pending,
// or to failed when they have used maxAttempts (maxAttempts <= 0: no limit).
// It reports how many rows it reclaimed and how many of those it failed.
func (s *Store) ReclaimExpired(ctx context.Context, maxAttempts int) (reclaimed, failed int, err error) {
	limit := maxAttempts
	if limit <= 0 {
		limit = int(^uint32(0) >> 1)
	}
	err = s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := time.Now().UnixNano()
		where := ` WHERE status = 'indexing' AND lease_expires_at > 0 AND lease_expires_at < ?`
		if failed, err = execCount(ctx, tx, `UPDATE changes SET status = 'failed',
			last_error = 'lease expired after final attempt', lease_owner = '', lease_expires_at = 0,
			updated_at = ?`+where+` AND attempts >= ?`, now, now, limit); err != nil {
			return err
		}
		n, err := execCount(ctx, tx, `UPDATE changes SET status = 'pending', lease_owner = '',
			lease_expires_at = 0, last_error = 'lease expired', updated_at = ?`+where, now, now)
		reclaimed = n + failed
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("reclaim expired leases: %w", err)
	}
	if reclaimed > failed {
		s.signal()
	}
	return reclaimed, failed, nil
}

// RecoverIndexing returns to pending every indexing row NOT owned by owner:
// the rows a previous (crashed) instance left behind. One process owns a
// data directory, so call it once on start, before claiming.
func (s *Store) RecoverIndexing(ctx context.Context, owner string) (int, error) {
	return s.requeue(ctx, "recover indexing rows", `lease_owner <> ?`, owner)
}

// Release returns owner's indexing rows to pending without counting the
// attempt; a worker calls it on graceful shutdown.
func (s *Store) Release(ctx context.Context, owner string) (int, error) {
	return s.requeue(ctx, "release leases", `lease_owner = ?`, owner)
}

func (s *Store) requeue(ctx context.Context, what, cond, owner string) (int, error) {
	var n int
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		n, err = execCount(ctx, tx, `UPDATE changes SET status = 'pending', lease_owner = '',
			lease_expires_at = 0, attempts = MAX(attempts - 1, 0), updated_at = ?
			WHERE status = 'indexing' AND `+cond, time.Now().UnixNano(), owner)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if n > 0 {
		s.signal()
	}
	return n, nil
}

func execCount(ctx context.Context, tx *sql.Tx, q string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// QueueStats counts change rows by status and finds the oldest pending one.
func (s *Store) QueueStats(ctx context.Context) (QueueStats, error) {
	st := QueueStats{Counts: make(map[Status]int, len(Statuses))}
	for _, status := range Statuses {
		st.Counts[status] = 0
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT status, COUNT(*), MIN(created_at) FROM changes GROUP BY status`)
	if err != nil {
		return QueueStats{}, fmt.Errorf("queue stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		var oldest int64
		if err := rows.Scan(&status, &n, &oldest); err != nil {
			return QueueStats{}, fmt.Errorf("queue stats: %w", err)
		}
		st.Counts[Status(status)] = n
		if Status(status) == StatusPending {
			st.OldestPending = fromNanos(oldest)
		}
	}
	if err := rows.Err(); err != nil {
		return QueueStats{}, fmt.Errorf("queue stats: %w", err)
	}
	return st, nil
}
