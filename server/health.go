package server

import (
	"net/http"
	"sync/atomic"
	"time"
)

// Lifecycle states, read by /health and /ready from one atomic.
const (
	stateStarting int32 = iota
	stateServing
	stateDraining
	stateStopped
)

var stateNames = [...]string{"starting", "ok", "draining", "stopped"}

// health is the in-memory state /health answers from. It takes no lock and
// touches nothing the pipeline uses.
type health struct {
	state   atomic.Int32
	started time.Time
}

type healthBody struct {
	Status        string  `json:"status"`
	UptimeSeconds float64 `json:"uptime_seconds"`
}

func (h *health) body() (int, healthBody) {
	st := h.state.Load()
	b := healthBody{Status: stateNames[st], UptimeSeconds: time.Since(h.started).Seconds()}
	if st != stateServing {
		return http.StatusServiceUnavailable, b
	}
	return http.StatusOK, b
}

// serveHealth is GET /health: liveness from memory. It is never behind the
// upload limiter (unless the health-behind-limiter defect puts it there).
func (s *Server) serveHealth(w http.ResponseWriter, _ *http.Request) {
	status, b := s.health.body()
	writeJSON(w, status, b)
}

// healthBehindLimiter is the health-behind-limiter defect: /health takes a
// slot of the upload limiter and waits for one as long as the client does,
// like EverOS's /health served by the event loop the stuck work occupies.
func (s *Server) healthBehindLimiter(w http.ResponseWriter, r *http.Request) {
	release, err := s.limiter.acquire(r.Context(), -1)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer release()
	s.serveHealth(w, r)
}

type readyBody struct {
	Status          string `json:"status"`
	UploadsInFlight int    `json:"uploads_in_flight"`
	LastProgress    string `json:"cascade_last_progress,omitempty"`
}

// serveReady is the admin /ready: 200 only while serving. It reads the
// limiter's occupancy (len of a channel) and the cascade's last progress
// (an atomic), nothing that can block.
func (s *Server) serveReady(w http.ResponseWriter, _ *http.Request) {
	status, hb := s.health.body()
	b := readyBody{Status: hb.Status, UploadsInFlight: s.limiter.inUse()}
	if s.cascade != nil {
		if t := s.cascade.LastProgress(); !t.IsZero() {
			b.LastProgress = t.UTC().Format(time.RFC3339Nano)
		}
	}
	writeJSON(w, status, b)
}
