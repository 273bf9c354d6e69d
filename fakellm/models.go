package fakellm

import (
	"net/http"
	"strconv"
	"strings"
)

func (s *Server) parseModels(_ *http.Request, _ []byte) request {
	names := s.cfg.Models
	if len(names) == 0 {
		names = []string{DefaultChatModel, DefaultEmbeddingModel}
	}
	var b strings.Builder
	b.WriteString(`{"object":"list","data":[`)
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":` + quote(n) + `,"object":"model","created":` + strconv.Itoa(created) + `,"owned_by":"fakellm"}`)
	}
	b.WriteString("]}")
	return request{resp: &Response{Status: http.StatusOK, Body: []byte(b.String())}}
}

// parseHealth answers llama-server's /health: 200 {"status":"ok"}. While a
// loading fault is active the pipeline answers 503 "Loading model" instead.
func (s *Server) parseHealth(_ *http.Request, _ []byte) request {
	b := []byte(`{"status":"ok"}`)
	return request{resp: &Response{Status: http.StatusOK, Body: b}}
}
