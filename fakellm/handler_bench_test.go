package fakellm_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
)

// BenchmarkHandler runs fakellm's handler without the network, to show
// the per-request CPU and allocations of the pipeline itself.
func BenchmarkHandler(b *testing.B) {
	for _, c := range []struct{ name, path, body string }{
		{"chat", "/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":"` + benchPrompt + `"}]}`},
		{"stream", "/v1/chat/completions", `{"model":"m","stream":true,"messages":[{"role":"user","content":"` + benchPrompt + `"}]}`},
	} {
		b.Run(c.name, func(b *testing.B) {
			srv, err := fakellm.New(fakellm.Config{Plan: fakellm.MustParsePlan(tenRulePlan)})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { srv.Close() })
			h := srv.Handler()
			b.ReportAllocs()
			for b.Loop() {
				w := &discardWriter{header: http.Header{}}
				h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, c.path, strings.NewReader(c.body)))
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

// discardWriter is a ResponseWriter (and Flusher) that keeps nothing.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *discardWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return io.Discard.Write(b)
}
func (w *discardWriter) Flush() {}
