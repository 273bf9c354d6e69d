package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Times are INTEGER unix nanoseconds (0 = unset); vectors are little-endian
// float32 BLOBs.
var schema = []string{
	`CREATE TABLE IF NOT EXISTS documents (
		doc_id TEXT PRIMARY KEY,
		app_id TEXT NOT NULL,
		project_id TEXT NOT NULL,
		title TEXT NOT NULL,
		category_id TEXT NOT NULL,
		source_name TEXT NOT NULL,
		source_type TEXT NOT NULL,
		md_path TEXT NOT NULL,
		original_file_path TEXT NOT NULL,
		content_sha256 TEXT NOT NULL,
		topic_count INTEGER NOT NULL,
		topics TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS documents_identity
		ON documents(app_id, project_id, content_sha256, title)`,
	`CREATE INDEX IF NOT EXISTS documents_category ON documents(category_id, created_at)`,
	`CREATE TABLE IF NOT EXISTS changes (
		doc_id TEXT PRIMARY KEY,
		status TEXT NOT NULL CHECK (status IN ('pending','indexing','indexed','failed')),
		attempts INTEGER NOT NULL DEFAULT 0,
		lease_owner TEXT NOT NULL DEFAULT '',
		lease_expires_at INTEGER NOT NULL DEFAULT 0,
		not_before INTEGER NOT NULL DEFAULT 0,
		last_error TEXT NOT NULL DEFAULT '',
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS changes_status ON changes(status, created_at)`,
	`CREATE TABLE IF NOT EXISTS knowledge_topic (
		id TEXT PRIMARY KEY,
		doc_id TEXT NOT NULL,
		category_id TEXT NOT NULL,
		topic_name TEXT NOT NULL,
		summary TEXT NOT NULL,
		md_path TEXT NOT NULL,
		content_sha256 TEXT NOT NULL,
		vector BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS knowledge_topic_doc ON knowledge_topic(doc_id)`,
}

func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	for _, stmt := range schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return tx.Commit()
}
