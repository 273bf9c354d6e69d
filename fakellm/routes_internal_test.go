package fakellm

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestExactRoutesServeAsTheMux: a request the exact routes take is
// answered as the ServeMux would have answered it (same handler, same
// Request.Pattern), and every other request is left to the mux: a path to
// clean, a method to refuse, an escaped path, a trailing slash.
func TestExactRoutesServeAsTheMux(t *testing.T) {
	route := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Route", name+" "+r.Pattern)
		})
	}
	build := func() (*http.ServeMux, exactRoutes) {
		mux, e := http.NewServeMux(), exactRoutes{}
		e.handle(mux, http.MethodPost, "/v1/chat/completions", route("chat"))
		e.handle(mux, http.MethodGet, "/health", route("health"))
		mux.Handle("/", route("fallback"))
		return mux, e
	}
	tests := []struct {
		method, target string
		wantRoute      string // X-Route, "" for none
		wantStatus     int
	}{
		{"POST", "/v1/chat/completions", "chat POST /v1/chat/completions", 200},
		{"GET", "/health", "health GET /health", 200},
		{"HEAD", "/health", "health GET /health", 200},
		{"GET", "/v1/chat/completions", "fallback /", 200},
		{"POST", "/v1//chat/completions", "", http.StatusTemporaryRedirect},
		{"POST", "/v1/chat/completions/", "fallback /", 200},
		{"POST", "/v1/chat%2Fcompletions", "fallback /", 200},
		{"POST", "/v1/chat/completions?x=1", "chat POST /v1/chat/completions", 200},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			mux, e := build()
			fast, plain := httptest.NewRecorder(), httptest.NewRecorder()
			e.before(mux).ServeHTTP(fast, httptest.NewRequest(tt.method, tt.target, nil))
			mux2, _ := build()
			mux2.ServeHTTP(plain, httptest.NewRequest(tt.method, tt.target, nil))
			if fast.Code != tt.wantStatus || fast.Header().Get("X-Route") != tt.wantRoute {
				t.Errorf("exact routes: status %d route %q, want %d %q", fast.Code, fast.Header().Get("X-Route"), tt.wantStatus, tt.wantRoute)
			}
			if fast.Code != plain.Code || fast.Header().Get("X-Route") != plain.Header().Get("X-Route") ||
				fast.Header().Get("Location") != plain.Header().Get("Location") {
				t.Errorf("exact routes answered %d %q %q, the mux alone %d %q %q", fast.Code, fast.Header().Get("X-Route"),
					fast.Header().Get("Location"), plain.Code, plain.Header().Get("X-Route"), plain.Header().Get("Location"))
			}
		})
	}
}
