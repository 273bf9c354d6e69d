package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// docColumns reads a document with its indexing state; its updated_at is
// the later of the document's and its indexing row's, so a document shows
// when its status last changed (indexed, failed), not only when it was
// written.
const docColumns = `d.doc_id, d.app_id, d.project_id, d.title, d.category_id, d.source_name,
	d.source_type, d.md_path, d.original_file_path, d.content_sha256, d.topic_count, d.topics,
	d.created_at, MAX(d.updated_at, COALESCE(c.updated_at, 0)), COALESCE(c.status, ''), COALESCE(c.attempts, 0),
	COALESCE(c.last_error, '')`

const docFrom = ` FROM documents d LEFT JOIN changes c ON c.doc_id = d.doc_id`

type rowScanner interface{ Scan(dest ...any) error }

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func scanDocument(r rowScanner) (Document, error) {
	var d Document
	var topics, status string
	var created, updated int64
	err := r.Scan(&d.DocID, &d.AppID, &d.ProjectID, &d.Title, &d.CategoryID, &d.SourceName,
		&d.SourceType, &d.MDPath, &d.OriginalFilePath, &d.ContentSHA256, &d.TopicCount, &topics,
		&created, &updated, &status, &d.Attempts, &d.LastError)
	if err != nil {
		return Document{}, err
	}
	if err := json.Unmarshal([]byte(topics), &d.Topics); err != nil {
		return Document{}, fmt.Errorf("document %s: topics column: %w", d.DocID, err)
	}
	d.Status, d.CreatedAt, d.UpdatedAt = Status(status), fromNanos(created), fromNanos(updated)
	return d, nil
}

func validateNew(d Document) error {
	var missing []string
	for _, f := range []struct{ name, v string }{{"title", d.Title}, {"content_sha256", d.ContentSHA256}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("create document: missing %s: %w", strings.Join(missing, ", "), ErrInvalid)
	}
	if !ValidDocID(d.DocID) {
		return fmt.Errorf("create document: doc id %q is not d_ + 12 hex: %w", d.DocID, ErrInvalid)
	}
	return nil
}

// CreateDocument stores d (DocID from NewDocID) and its pending change row
// in one transaction. If a document with the same app, project, title and
// content hash exists, it returns that one and created=false; nothing is
// written. TopicCount is set from len(Topics).
//
// It returns only after the write is durable: d.SyncPaths synced, then the
// commit's WAL fsync, both shared with the writes grouped with it.
func (s *Store) CreateDocument(ctx context.Context, d Document) (doc Document, created bool, err error) {
	if err := validateNew(d); err != nil {
		return Document{}, false, err
	}
	topics, err := json.Marshal(nonNilTopics(d.Topics))
	if err != nil {
		return Document{}, false, fmt.Errorf("create document: %w", err)
	}
	err = s.writeDurable(ctx, func(ctx context.Context, tx *sql.Tx) error {
		created = false
		doc, err = findByContent(ctx, tx, d.AppID, d.ProjectID, d.Title, d.ContentSHA256)
		if err == nil || !errors.Is(err, ErrNotFound) {
			return err
		}
		created = true
		if err := insertDocument(ctx, tx, d, string(topics)); err != nil {
			return err
		}
		doc, err = getDocument(ctx, tx, d.DocID)
		return err
	}, func() []string {
		if created {
			return d.SyncPaths
		}
		return nil
	})
	if err != nil {
		return Document{}, false, fmt.Errorf("create document: %w", err)
	}
	if created {
		s.signal()
	}
	return doc, created, nil
}

func nonNilTopics(t []Topic) []Topic {
	if t == nil {
		return []Topic{}
	}
	return t
}

func insertDocument(ctx context.Context, tx *sql.Tx, d Document, topics string) error {
	now := time.Now().UnixNano()
	_, err := tx.ExecContext(ctx, `INSERT INTO documents (doc_id, app_id, project_id, title,
		category_id, source_name, source_type, md_path, original_file_path, content_sha256,
		topic_count, topics, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		d.DocID, d.AppID, d.ProjectID, d.Title, d.CategoryID, d.SourceName, d.SourceType,
		d.MDPath, d.OriginalFilePath, d.ContentSHA256, len(d.Topics), topics, now, now)
	if err != nil {
		return fmt.Errorf("insert document %s: %w", d.DocID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO changes (doc_id, status, created_at, updated_at)
		VALUES (?, 'pending', ?, ?)`, d.DocID, now, now)
	if err != nil {
		return fmt.Errorf("insert change row %s: %w", d.DocID, err)
	}
	return nil
}

func getDocument(ctx context.Context, q queryRower, docID string) (Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+docColumns+docFrom+` WHERE d.doc_id = ?`, docID))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fmt.Errorf("document %s: %w", docID, ErrNotFound)
	}
	return d, err
}

func findByContent(ctx context.Context, q queryRower, app, project, title, sha string) (Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+docColumns+docFrom+`
		WHERE d.app_id = ? AND d.project_id = ? AND d.content_sha256 = ? AND d.title = ?`,
		app, project, sha, title))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fmt.Errorf("document with this content and title: %w", ErrNotFound)
	}
	return d, err
}

// GetDocument returns one document with its status, or ErrNotFound.
func (s *Store) GetDocument(ctx context.Context, docID string) (Document, error) {
	return getDocument(ctx, s.rdb, docID)
}

// FindByContent returns the document with this app, project, title and
// content hash (the idempotency key), or ErrNotFound. Ingest uses it to skip
// extraction for a duplicate upload; CreateDocument re-checks atomically.
func (s *Store) FindByContent(ctx context.Context, appID, projectID, title, sha256 string) (Document, error) {
	return findByContent(ctx, s.rdb, appID, projectID, title, sha256)
}

// DeleteDocument removes the document, its change row and its vectors in one
// transaction; ErrNotFound if it does not exist.
func (s *Store) DeleteDocument(ctx context.Context, docID string) error {
	return s.writeDurable(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE doc_id = ?`, docID)
		if err != nil {
			return fmt.Errorf("delete document %s: %w", docID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delete document %s: %w", docID, ErrNotFound)
		}
		for _, q := range []string{`DELETE FROM changes WHERE doc_id = ?`, `DELETE FROM knowledge_topic WHERE doc_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, docID); err != nil {
				return fmt.Errorf("delete document %s: %w", docID, err)
			}
		}
		return nil
	}, nil)
}
