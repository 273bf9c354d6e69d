package fakellm_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
)

// TestAnswerBytesGolden pins the exact bytes of generated answers (the
// body and the headers derived from it), so that rendering them faster
// never changes what a client receives. Run with -update to rewrite.
func TestAnswerBytesGolden(t *testing.T) {
	const prompt = `"Say \"hi\" to Zoë\tand 日本 — twice 🎉, please <b>&</b>"`
	tests := []struct{ name, path, body string }{
		{"chat", "/v1/chat/completions", `{"model":"m","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":` + prompt + `}]}`},
		{"chat-parts", "/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"part one"},{"type":"text","text":" and two"}]}]}`},
		{"chat-max-tokens", "/v1/chat/completions", `{"model":"m","max_tokens":7,"messages":[{"role":"user","content":` + prompt + `}]}`},
		{"chat-json-mode", "/v1/chat/completions", `{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":` + prompt + `}]}`},
		{"chat-case-folded-keys", "/v1/chat/completions", `{"Model":"m","Messages":[{"Role":"user","Content":"folded"}]}`},
		{"stream", "/v1/chat/completions", `{"model":"m","stream":true,"messages":[{"role":"user","content":` + prompt + `}]}`},
		{"stream-usage-max-tokens", "/v1/chat/completions", `{"model":"m","stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":5,"messages":[{"role":"user","content":` + prompt + `}]}`},
		{"embeddings", "/v1/embeddings", `{"model":"e","input":["tides and keepers","keepers"],"dimensions":12}`},
		{"bad-json", "/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":"x"}],}`},
	}
	srv := fakellmtest.NewServer(t, fakellm.Config{Seed: 3})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body, err := post(t, srv, tt.path, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("%d %s\nContent-Type: %s\nContent-Length: %s\nX-Request-Id: %s\n\n%s", resp.StatusCode, tt.path,
				resp.Header.Get("Content-Type"), resp.Header.Get("Content-Length"), resp.Header.Get("X-Request-Id"), body)
			golden := filepath.Join("testdata", "answers", tt.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("answer differs from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}
