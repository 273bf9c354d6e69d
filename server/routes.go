package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// apiHandler is the EverOS knowledge API plus /health.
func (s *Server) apiHandler() http.Handler {
	r := chi.NewRouter()
	r.Use(withRequestID, s.instrument, middleware.Recoverer)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, fmt.Errorf("no route %s %s: %w", r.Method, r.URL.Path, errNoRoute))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, fmt.Errorf("%s not allowed on %s: %w", r.Method, r.URL.Path, errMethod))
	})
	if s.defects[DefectHealthBehindLimiter] {
		r.Get("/health", s.healthBehindLimiter)
	} else {
		r.Get("/health", s.serveHealth)
	}
	r.Route("/api/v1/knowledge", func(r chi.Router) {
		r.Post("/documents", s.limit(s.createDocument))
		r.Get("/documents", s.listDocuments)
		r.Get("/documents/{doc_id}", s.getDocument)
		r.Delete("/documents/{doc_id}", s.deleteDocument)
		r.Post("/search", s.search)
	})
	return r
}

var (
	errNoRoute = errors.New("not found")
	errMethod  = errors.New("method not allowed")
)

// budget is the context an API request works under: its total budget.
// With no-llm-deadline there is none, and — as in EverOS, whose handlers
// keep running after the client leaves — only shutdown cancels the work.
func (s *Server) budget(r *http.Request) (context.Context, context.CancelFunc) {
	if s.defects[DefectNoLLMDeadline] {
		ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
		stop := context.AfterFunc(s.baseCtx, cancel)
		return ctx, func() { stop(); cancel() }
	}
	return context.WithTimeout(r.Context(), s.cfg.RequestBudget)
}
