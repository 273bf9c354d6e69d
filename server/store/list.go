package store

import (
	"context"
	"fmt"
	"strings"
)

func (o ListOptions) normalised() ListOptions {
	if o.Page < 1 {
		o.Page = 1
	}
	if o.PageSize < 1 {
		o.PageSize = 20
	}
	if o.PageSize > MaxPageSize {
		o.PageSize = MaxPageSize
	}
	return o
}

func (o ListOptions) where() (string, []any) {
	var conds []string
	var args []any
	for _, f := range []struct{ col, val string }{
		{"d.category_id", o.CategoryID}, {"d.app_id", o.AppID}, {"d.project_id", o.ProjectID},
	} {
		if f.val != "" {
			conds = append(conds, f.col+" = ?")
			args = append(args, f.val)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListDocuments returns one page of documents, newest first, each with its
// indexing status, and the total matching the filters.
func (s *Store) ListDocuments(ctx context.Context, opts ListOptions) (ListResult, error) {
	o := opts.normalised()
	where, args := o.where()
	var res ListResult
	if err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents d`+where, args...).Scan(&res.Total); err != nil {
		return ListResult{}, fmt.Errorf("list documents: %w", err)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+docColumns+docFrom+where+
		` ORDER BY d.created_at DESC, d.doc_id LIMIT ? OFFSET ?`,
		append(args, o.PageSize, (o.Page-1)*o.PageSize)...)
	if err != nil {
		return ListResult{}, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	res.Documents = []Document{}
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return ListResult{}, fmt.Errorf("list documents: %w", err)
		}
		res.Documents = append(res.Documents, d)
	}
	if err := rows.Err(); err != nil {
		return ListResult{}, fmt.Errorf("list documents: %w", err)
	}
	return res, nil
}
