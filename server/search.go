package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hangarhq/hangar/server/ingest"
)

const (
	defaultTopK    = 10
	maxTopK        = 100
	maxSearchBytes = 64 << 10
)

type searchRequest struct {
	Query string `json:"query"`
	TopK  *int   `json:"top_k"`
}

type hitJSON struct {
	DocID      string  `json:"doc_id"`
	CategoryID string  `json:"category_id"`
	Topic      string  `json:"topic"`
	Summary    string  `json:"summary"`
	MDPath     string  `json:"md_path"`
	Score      float32 `json:"score"`
}

type searchJSON struct {
	Hits   []hitJSON `json:"hits"`
	Total  int       `json:"total"`
	TookMS int64     `json:"took_ms"`
}

// search is POST /api/v1/knowledge/search {query, top_k}: the query is
// embedded on the request pool and matched against topic summaries.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	ctx, cancel := s.budget(r)
	defer cancel()
	req, err := decodeSearch(http.MaxBytesReader(w, r.Body, maxSearchBytes))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vec, err := s.llm.EmbedQuery(ctx, req.Query)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("embed query: %w", err))
		return
	}
	hits, err := s.vectors.Search(ctx, vec, *req.TopK)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := searchJSON{Hits: make([]hitJSON, 0, len(hits)), Total: len(hits)}
	for _, h := range hits {
		out.Hits = append(out.Hits, hitJSON{DocID: h.DocID, CategoryID: h.CategoryID, Topic: h.TopicName,
			Summary: h.Summary, MDPath: h.MDPath, Score: h.Score})
	}
	out.TookMS = time.Since(start).Milliseconds()
	writeData(w, r, http.StatusOK, out)
}

// decodeSearch reads the body strictly: one JSON object, known keys only.
func decodeSearch(body io.Reader) (searchRequest, error) {
	var req searchRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return req, err
		}
		return req, &ingest.Error{Code: ingest.CodeMalformed, Message: "search body: " + err.Error()}
	}
	if strings.TrimSpace(req.Query) == "" {
		return req, &ingest.Error{Code: ingest.CodeValidation, Field: "query", Message: "is required"}
	}
	if req.TopK == nil {
		k := defaultTopK
		req.TopK = &k
	}
	if *req.TopK < 1 || *req.TopK > maxTopK {
		return req, &ingest.Error{Code: ingest.CodeValidation, Field: "top_k", Message: fmt.Sprintf("%d is outside [1, %d]", *req.TopK, maxTopK)}
	}
	return req, nil
}
