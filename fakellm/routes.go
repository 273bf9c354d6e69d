package fakellm

import (
	"net/http"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	chat := s.endpoint(EndpointChat, s.parseChat)
	emb := s.endpoint(EndpointEmbeddings, s.parseEmbeddings)
	models := s.endpoint(EndpointModels, s.parseModels)
	for _, prefix := range []string{"/v1", ""} { // llama-server serves both
		mux.Handle("POST "+prefix+"/chat/completions", chat)
		mux.Handle("POST "+prefix+"/embeddings", emb)
		mux.Handle("GET "+prefix+"/models", models)
	}
	mux.Handle("GET /health", s.endpoint(EndpointHealth, s.parseHealth))
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
	return mux
}
