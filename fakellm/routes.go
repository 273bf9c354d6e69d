package fakellm

import (
	"net/http"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	chat := s.endpoint(EndpointChat, s.parseChat)
	emb := s.endpoint(EndpointEmbeddings, s.parseEmbeddings)
	models := s.endpoint(EndpointModels, s.parseModels)
	fast := exactRoutes{}
	for _, prefix := range []string{"/v1", ""} { // llama-server serves both
		fast.handle(mux, http.MethodPost, prefix+"/chat/completions", chat)
		fast.handle(mux, http.MethodPost, prefix+"/embeddings", emb)
		fast.handle(mux, http.MethodGet, prefix+"/models", models)
	}
	fast.handle(mux, http.MethodGet, "/health", s.endpoint(EndpointHealth, s.parseHealth))
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /admin/plan", s.getPlan)
	mux.HandleFunc("PUT /admin/plan", s.putPlan)
	mux.HandleFunc("PATCH /admin/plan", s.patchPlan)
	mux.HandleFunc("POST /admin/reset", s.postReset)
	mux.HandleFunc("GET /admin/journal", s.getJournal)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeResponse(w, apiError(http.StatusNotFound, "Unknown request URL: "+r.Method+" "+r.URL.Path,
			"invalid_request_error", "", "unknown_url"))
	})
	return fast.before(mux)
}

// exactRoutes are the LLM endpoints by method and exact path. Requests
// for them skip the ServeMux's pattern matching, about 3,100 of the 68,000
// instructions a short chat request took under callgrind (docs/fakellm.md,
// "Throughput"); anything else, a path to clean, a redirect, an escaped
// path, the admin routes, goes through the mux, where each of these is
// registered too.
type exactRoutes map[string]exactRoute

type exactRoute struct {
	pattern string // as registered with the mux, for Request.Pattern
	h       http.Handler
}

func (e exactRoutes) handle(mux *http.ServeMux, method, path string, h http.Handler) {
	pattern := method + " " + path
	mux.Handle(pattern, h)
	e[pattern] = exactRoute{pattern, h}
	if method == http.MethodGet { // the mux serves HEAD with a GET pattern
		e[http.MethodHead+" "+path] = exactRoute{pattern, h}
	}
}

// before serves e's routes, and everything else with mux.
func (e exactRoutes) before(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var key [64]byte // method, space and path, without an allocation
		k := append(append(append(key[:0], r.Method...), ' '), r.URL.Path...)
		if rt, ok := e[string(k)]; ok && r.URL.RawPath == "" {
			r.Pattern = rt.pattern
			rt.h.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}
