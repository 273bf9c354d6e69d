package server

import (
	"net/http"
	"net/http/pprof"
	rpprof "runtime/pprof"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// leakProfile is the goroutine leak profile, standard since Go 1.27.
const leakProfile = "goroutineleak"

// adminHandler serves /health, /ready, /metrics and /debug/pprof/ on the
// loopback admin listener.
func (s *Server) adminHandler(gatherer prometheus.Gatherer) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", s.serveHealth)
	mux.HandleFunc("GET /ready", s.serveReady)
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{ErrorLog: nil}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/"+leakProfile, serveLeakProfile)
	return mux
}

// serveLeakProfile serves the goroutine leak profile when the runtime has
// it, and says how to get it when not.
func serveLeakProfile(w http.ResponseWriter, r *http.Request) {
	if rpprof.Lookup(leakProfile) == nil {
		http.Error(w, "goroutineleak profile unavailable: this binary was built with a Go older than 1.27", http.StatusNotFound)
		return
	}
	pprof.Handler(leakProfile).ServeHTTP(w, r)
}
