package fakellm_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestActionsOnOtherEndpoints: actions apply to embeddings, models and
// health too, seen here with a plain net/http client.
func TestActionsOnOtherEndpoints(t *testing.T) {
	emb := `{"model":"e","input":["a","b"],"dimensions":4}`
	tests := []struct {
		name, match, action, method, path, body string
		check                                   func(resp *http.Response, body []byte, err error) error
	}{
		{name: "embeddings empty data", match: "{endpoint: embeddings}", action: "{kind: empty_choices}", method: "POST", path: "/v1/embeddings", body: emb,
			check: func(resp *http.Response, body []byte, err error) error {
				var v struct{ Data []any }
				if err != nil || json.Unmarshal(body, &v) != nil || v.Data == nil || len(v.Data) != 0 {
					return errors.New("want \"data\": []")
				}
				return nil
			}},
		{name: "embeddings reset", match: "{endpoint: embeddings}", action: "{kind: reset}", method: "POST", path: "/v1/embeddings", body: emb,
			check: func(_ *http.Response, _ []byte, err error) error {
				if !errors.Is(err, syscall.ECONNRESET) {
					return errors.New("want connection reset")
				}
				return nil
			}},
		{name: "embeddings mid-body", match: "{endpoint: embeddings}", action: "{kind: close_mid_body, after_bytes: 20}", method: "POST", path: "/v1/embeddings", body: emb,
			check: func(_ *http.Response, body []byte, err error) error {
				if !errors.Is(err, io.ErrUnexpectedEOF) || len(body) != 20 {
					return errors.New("want unexpected EOF after 20 bytes")
				}
				return nil
			}},
		{name: "models 429", match: "{endpoint: models}", action: "{kind: status, code: 429, retry_after: 2s, ratelimit_headers: true}", method: "GET", path: "/v1/models",
			check: func(resp *http.Response, _ []byte, err error) error {
				if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" ||
					resp.Header.Get("Retry-After-Ms") != "2000" || resp.Header.Get("X-Ratelimit-Remaining-Requests") != "0" {
					return errors.New("want 429 with Retry-After 2 and rate-limit headers")
				}
				return nil
			}},
		{name: "health hang", match: "{endpoint: health}", action: "{kind: hang}", method: "GET", path: "/health",
			check: func(_ *http.Response, _ []byte, err error) error {
				var ne interface{ Timeout() bool }
				if !errors.As(err, &ne) || !ne.Timeout() {
					return errors.New("want a client timeout")
				}
				return nil
			}},
		{name: "wrong content type body", match: "{endpoint: chat}", action: "{kind: wrong_content_type, body: \"<html>502</html>\"}", method: "POST", path: "/v1/chat/completions", body: chatBody,
			check: func(resp *http.Response, body []byte, err error) error {
				if err != nil || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || string(body) != "<html>502</html>" {
					return errors.New("want the HTML body as text/html")
				}
				return nil
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, "rules: [{match: "+tt.match+", action: "+tt.action+"}]")
			req, _ := http.NewRequest(tt.method, srv.URL()+tt.path, strings.NewReader(tt.body))
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			resp, err := (&http.Client{Transport: tr, Timeout: 300 * time.Millisecond}).Do(req)
			var body []byte
			if err == nil {
				body, err = readAll(resp)
			}
			if cerr := tt.check(resp, body, err); cerr != nil {
				t.Fatalf("%v; got err %v body %q", cerr, err, body)
			}
			if e := settledJournal(t, srv); len(e) != 1 || e[0].Action == "" {
				t.Fatalf("journal %+v", e)
			}
		})
	}
}
