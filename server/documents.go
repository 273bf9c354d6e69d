package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/hangarhq/hangar/server/ingest"
	"github.com/hangarhq/hangar/server/store"
)

// documentJSON is one document as the API shows it.
type documentJSON struct {
	DocID            string        `json:"doc_id"`
	Title            string        `json:"title"`
	CategoryID       string        `json:"category_id"`
	AppID            string        `json:"app_id"`
	ProjectID        string        `json:"project_id"`
	SourceName       string        `json:"source_name"`
	SourceType       string        `json:"source_type"`
	TopicCount       int           `json:"topic_count"`
	MDPath           string        `json:"md_path"`
	OriginalFilePath string        `json:"original_file_path"`
	Status           string        `json:"status"` // pending | indexing | indexed | failed
	Attempts         int           `json:"attempts"`
	LastError        string        `json:"last_error,omitempty"`
	CreatedAt        time.Time     `json:"created_at"`
	UpdatedAt        time.Time     `json:"updated_at"`
	Topics           []store.Topic `json:"topics,omitempty"`
}

func docJSON(d store.Document, withTopics bool) documentJSON {
	j := documentJSON{DocID: d.DocID, Title: d.Title, CategoryID: d.CategoryID, AppID: d.AppID, ProjectID: d.ProjectID,
		SourceName: d.SourceName, SourceType: d.SourceType, TopicCount: d.TopicCount, MDPath: d.MDPath,
		OriginalFilePath: d.OriginalFilePath, Status: string(d.Status), Attempts: d.Attempts, LastError: d.LastError,
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	if withTopics {
		j.Topics = d.Topics
	}
	return j
}

// listJSON is the data of GET /api/v1/knowledge/documents.
type listJSON struct {
	Documents []documentJSON `json:"documents"`
	Total     int            `json:"total"`
	Page      int            `json:"page"`
	PageSize  int            `json:"page_size"`
}

// listDocuments is GET /api/v1/knowledge/documents?page&page_size&category_id&app_id&project_id.
func (s *Server) listDocuments(w http.ResponseWriter, r *http.Request) {
	opts, err := listOptions(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.store.ListDocuments(r.Context(), opts)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := listJSON{Documents: make([]documentJSON, 0, len(res.Documents)), Total: res.Total, Page: opts.Page, PageSize: opts.PageSize}
	for _, d := range res.Documents {
		out.Documents = append(out.Documents, docJSON(d, false))
	}
	writeData(w, r, http.StatusOK, out)
}

func listOptions(r *http.Request) (store.ListOptions, error) {
	q := r.URL.Query()
	page, err := intParam(q.Get("page"), "page", 1, 1, 1<<30)
	if err != nil {
		return store.ListOptions{}, err
	}
	size, err := intParam(q.Get("page_size"), "page_size", 20, 1, store.MaxPageSize)
	if err != nil {
		return store.ListOptions{}, err
	}
	return store.ListOptions{Page: page, PageSize: size, CategoryID: q.Get("category_id"),
		AppID: q.Get("app_id"), ProjectID: q.Get("project_id")}, nil
}

func intParam(v, name string, def, lo, hi int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &ingest.Error{Code: ingest.CodeValidation, Field: name, Message: fmt.Sprintf("%q is not an integer in [%d, %d]", v, lo, hi)}
	}
	return n, nil
}

// docIDParam validates {doc_id}: a malformed id is a 404, like an unknown one.
func docIDParam(r *http.Request) (string, error) {
	id := chi.URLParam(r, "doc_id")
	if !store.ValidDocID(id) {
		return "", fmt.Errorf("document %q: %w", id, store.ErrNotFound)
	}
	return id, nil
}

// getDocument is GET /api/v1/knowledge/documents/{doc_id}.
func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	id, err := docIDParam(r)
	if err == nil {
		var d store.Document
		if d, err = s.store.GetDocument(r.Context(), id); err == nil {
			writeData(w, r, http.StatusOK, docJSON(d, true))
			return
		}
	}
	s.writeError(w, r, err)
}

// deleteDocument is DELETE /api/v1/knowledge/documents/{doc_id}. The
// vectors go first, through the configured VectorStore: a backend outside
// SQLite (LanceDB) is not in the document's transaction, and if that delete
// fails nothing is gone yet and the client can retry. Then the document,
// its change row and (SQLite) its topic rows go in one store write, then its
// files. A cascade worker that was indexing the document may upsert again
// in between; see dropRaceVectors.
func (s *Server) deleteDocument(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.budget(r)
	defer cancel()
	id, err := docIDParam(r)
	var d store.Document
	if err == nil {
		d, err = s.store.GetDocument(ctx, id)
	}
	if err == nil {
		err = s.vectors.DeleteByDoc(ctx, id)
	}
	if err == nil {
		err = s.store.DeleteDocument(ctx, id)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.dropRaceVectors(ctx, id)
	s.removeDocumentFiles(d)
	writeData(w, r, http.StatusOK, map[string]any{"doc_id": id, "deleted": true})
}

// dropRaceVectors deletes the document's vectors once more after the
// document row is gone. A cascade worker holding the document's lease can
// upsert and mark it indexed between the first vector delete and the
// document delete; its rows would outlive the document in a backend outside
// SQLite. A worker that upserts after this point fails to mark the deleted
// document indexed and drops its rows itself. The document is already
// deleted, so a failure here is logged, not answered.
func (s *Server) dropRaceVectors(ctx context.Context, id string) {
	if err := s.vectors.DeleteByDoc(ctx, id); err != nil {
		s.log.Warn("delete vectors after document delete", "doc_id", id, "err", err)
	}
}

// removeDocumentFiles deletes the document's directory if it lies inside
// the data dir (a path from the database is still checked).
func (s *Server) removeDocumentFiles(d store.Document) {
	dir := filepath.Dir(d.MDPath)
	root, err1 := filepath.Abs(s.cfg.DataDir)
	abs, err2 := filepath.Abs(dir)
	if err := errors.Join(err1, err2); err != nil || !strings.HasPrefix(abs, root+string(filepath.Separator)) {
		s.log.Warn("not removing files outside the data dir", "doc_id", d.DocID, "dir", dir)
		return
	}
	if err := os.RemoveAll(abs); err != nil {
		s.log.Warn("remove document files", "doc_id", d.DocID, "err", err)
	}
}
