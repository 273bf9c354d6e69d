package llmctl

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const plan = `
rules:
  - name: cut
    match: {endpoint: chat, nth: 1}
    action: {kind: close_before_response}
`

// TestControllers drives both controllers against a real fake LLM: the
// plan set through either is the plan in force, and the journal shows the
// rule firing on the first chat request.
func TestControllers(t *testing.T) {
	for _, name := range []string{"inprocess", "remote"} {
		t.Run(name, func(t *testing.T) {
			s := fakellmtest.NewServer(t, fakellm.Config{})
			var c Controller = InProcess{S: s}
			if name == "remote" {
				r := NewRemote(s.URL() + "/")
				defer r.CloseIdleConnections()
				c = r
			}
			ctx := context.Background()
			if err := c.SetPlan(ctx, fakellm.MustParsePlan(plan)); err != nil {
				t.Fatal(err)
			}
			if got := s.Plan(); len(got.Rules) != 1 || got.Rules[0].Name != "cut" {
				t.Fatalf("plan in force %+v", got)
			}
			resp, err := http.Post(c.URL()+"/v1/chat/completions", "application/json",
				strings.NewReader(`{"model":"m","messages":[{"role":"user","content":"hi"}]}`))
			if err == nil {
				resp.Body.Close()
			}
			http.DefaultClient.CloseIdleConnections()
			j, err := c.Journal(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(j) != 1 || j[0].Rule != "cut" || j[0].Endpoint != "chat" {
				t.Fatalf("journal %+v", j)
			}
		})
	}
}

func TestRemoteRejectedPlan(t *testing.T) {
	s := fakellmtest.NewServer(t, fakellm.Config{})
	r := NewRemote(s.URL())
	defer r.CloseIdleConnections()
	bad := &fakellm.Plan{Rules: []fakellm.Rule{{Name: "x"}}} // no action
	err := r.SetPlan(context.Background(), bad)
	if err == nil || !strings.Contains(err.Error(), "status 400") {
		t.Fatalf("err %v, want the 400 with the fake LLM's reason", err)
	}
}
