package fakellm_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
)

func do(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := readAll(resp)
	return resp.StatusCode, string(b)
}

func TestAdminPlan(t *testing.T) {
	srv := newServer(t, "rules: [{name: old, match: {endpoint: models}, action: {kind: status, code: 418}}]")
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantBody   string
		wantRule   string // first rule in force afterwards
	}{
		{name: "yaml", body: "rules:\n  - name: y\n    action: {kind: reset}\n", wantStatus: 200, wantRule: "y"},
		{name: "json", body: `{"rules":[{"name":"j","match":{"endpoint":"chat"},"action":{"kind":"delay","duration":"1ms"}}]}`, wantStatus: 200, wantRule: "j"},
		{name: "unknown key keeps old plan", body: "rules:\n  - name: bad\n    action: {kind: hang, duraton: 1s}\n", wantStatus: 400,
			wantBody: `plan rejected: 3:26: rules[0].action: unknown key \"duraton\"`, wantRule: "j"},
		{name: "second rule bad keeps old plan", body: `{"rules":[{"name":"ok","action":{"kind":"reset"}},{"action":{"kind":"nope"}}]}`, wantStatus: 400,
			wantBody: `plan rejected: 1:69: rules[1].action.kind: unknown action kind \"nope\"`, wantRule: "j"},
		{name: "empty", body: "", wantStatus: 400, wantBody: "plan is empty", wantRule: "j"},
		{name: "clear", body: "rules: []", wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := do(t, http.MethodPut, srv.URL()+"/admin/plan", tt.body)
			if code != tt.wantStatus || !strings.Contains(body, tt.wantBody) {
				t.Fatalf("PUT: %d %s; want %d containing %s", code, body, tt.wantStatus, tt.wantBody)
			}
			if code != 200 {
				var e struct {
					Error struct{ Message, Type string }
				}
				if json.Unmarshal([]byte(body), &e) != nil || e.Error.Type != "invalid_request_error" {
					t.Errorf("400 body is not an OpenAI error: %s", body)
				}
			}
			code, body = do(t, http.MethodGet, srv.URL()+"/admin/plan", "")
			if code != 200 {
				t.Fatalf("GET: %d %s", code, body)
			}
			p, err := fakellm.ParsePlan([]byte(body))
			if err != nil {
				t.Fatalf("GET /admin/plan does not parse back: %v\n%s", err, body)
			}
			first := ""
			if len(p.Rules) > 0 {
				first = p.Rules[0].Name
			}
			if first != tt.wantRule {
				t.Fatalf("rule in force %q, want %q", first, tt.wantRule)
			}
		})
	}
}

func TestAdminJournalAndReset(t *testing.T) {
	srv := newServer(t, "rules: [{name: second, match: {endpoint: chat, nth: 2}, action: {kind: status, code: 500}}]")
	for i := 0; i < 3; i++ {
		post(t, srv, "/v1/chat/completions", chatBody)
	}
	var j []fakellm.JournalEntry
	settledJournal(t, srv)
	code, body := do(t, http.MethodGet, srv.URL()+"/admin/journal", "")
	if err := json.Unmarshal([]byte(body), &j); code != 200 || err != nil {
		t.Fatalf("journal: %d %v %s", code, err, body)
	}
	if len(j) != 3 || j[1].Rule != "second" || j[1].Status != 500 || j[0].Rule != "" || j[2].Ordinal != 3 {
		t.Fatalf("journal %+v", j)
	}
	if code, _ := do(t, http.MethodPost, srv.URL()+"/admin/reset", ""); code != 200 {
		t.Fatalf("reset: %d", code)
	}
	if n := len(srv.Journal()); n != 0 {
		t.Fatalf("journal has %d entries after reset", n)
	}
	// Ordinals restart: the next request is nth 1, the one after fires.
	post(t, srv, "/v1/chat/completions", chatBody)
	resp, _, _ := post(t, srv, "/v1/chat/completions", chatBody)
	if resp.StatusCode != 500 {
		t.Fatalf("second request after reset: %d, want 500", resp.StatusCode)
	}
}

func TestBadRequests(t *testing.T) {
	srv := fakellmtestServer(t, fakellm.Config{Models: []string{"m"}, MaxBodyBytes: 4096})
	tests := []struct {
		name, path, body string
		wantStatus       int
		wantParam        string
		wantMsg          string
	}{
		{name: "malformed chat", path: "/v1/chat/completions", body: `{"model": "m", "messages": [`, wantStatus: 400, wantMsg: "could not parse the JSON body"},
		{name: "no messages", path: "/v1/chat/completions", body: `{"model":"m","messages":[]}`, wantStatus: 400, wantParam: "messages"},
		{name: "no model", path: "/v1/chat/completions", body: `{"messages":[{"role":"user","content":"x"}]}`, wantStatus: 400, wantParam: "model"},
		{name: "bad content", path: "/v1/chat/completions", body: `{"model":"m","messages":[{"role":"user","content":42}]}`, wantStatus: 400, wantParam: "messages[0].content"},
		{name: "unknown model", path: "/v1/chat/completions", body: `{"model":"gpt-9","messages":[{"role":"user","content":"x"}]}`, wantStatus: 404, wantMsg: "The model `gpt-9` does not exist"},
		{name: "bad max_tokens", path: "/v1/chat/completions", body: `{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]}`, wantStatus: 400, wantParam: "max_tokens"},
		{name: "empty input", path: "/v1/embeddings", body: `{"model":"m","input":""}`, wantStatus: 400, wantParam: "input"},
		{name: "bad format", path: "/v1/embeddings", body: `{"model":"m","input":"x","encoding_format":"hex"}`, wantStatus: 400, wantParam: "encoding_format"},
		{name: "bad dims", path: "/v1/embeddings", body: `{"model":"m","input":"x","dimensions":0}`, wantStatus: 400, wantParam: "dimensions"},
		{name: "too big", path: "/v1/chat/completions", body: `{"model":"m","messages":[{"role":"user","content":"` + strings.Repeat("a", 5000) + `"}]}`, wantStatus: 413},
		{name: "unknown path", path: "/v1/completions", body: `{}`, wantStatus: 404, wantMsg: "Unknown request URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body, err := post(t, srv, tt.path, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			var e struct {
				Error struct {
					Message string
					Type    string
					Param   *string
				}
			}
			if err := json.Unmarshal(body, &e); err != nil || e.Error.Message == "" {
				t.Fatalf("not an OpenAI error body: %s", body)
			}
			if resp.StatusCode != tt.wantStatus || !strings.Contains(e.Error.Message, tt.wantMsg) {
				t.Fatalf("%d %s; want %d %q", resp.StatusCode, body, tt.wantStatus, tt.wantMsg)
			}
			if tt.wantParam != "" && (e.Error.Param == nil || *e.Error.Param != tt.wantParam) {
				t.Fatalf("param %v, want %s", e.Error.Param, tt.wantParam)
			}
		})
	}
	for _, e := range settledJournal(t, srv) {
		if e.Status < 400 || e.Error == "" || e.Rule != "" {
			t.Errorf("journal entry for a bad request: %+v", e)
		}
	}
}

func TestAdminPatchPlan(t *testing.T) {
	srv := newServer(t, "rules: [{name: a, action: {kind: reset}}, {name: b, action: {kind: hang}}]")
	code, body := do(t, http.MethodPatch, srv.URL()+"/admin/plan", "seed: 9\nrules: [{name: b, action: {kind: status, code: 500}}, {name: c, action: {kind: loading}}]")
	if code != 200 {
		t.Fatalf("patch: %d %s", code, body)
	}
	p := srv.Plan()
	var names []string
	for _, r := range p.Rules {
		names = append(names, r.Name+"="+r.Action.Kind)
	}
	if got := strings.Join(names, " "); got != "a=reset b=status c=loading" || p.Seed == nil || *p.Seed != 9 {
		t.Fatalf("patched plan %s (seed %v)", got, p.Seed)
	}
	code, body = do(t, http.MethodPatch, srv.URL()+"/admin/plan", "rules: [{name: d, action: {kind: nope}}]")
	if code != 400 || !strings.Contains(body, `plan patch rejected: 1:34: rules[0].action.kind: unknown action kind \"nope\"`) || len(srv.Plan().Rules) != 3 {
		t.Fatalf("bad patch: %d %s; plan now %s", code, body, srv.Plan())
	}
}
