package fakellm_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/hangarhq/hangar/fakellm"
)

// A plan with a typo is rejected with the line, column and key.
func ExampleParsePlan() {
	_, err := fakellm.ParsePlan([]byte(`
rules:
  - name: slow-chat
    match: {endpoint: chat, every: 2}
    action: {kind: delay, duraton: 2s}
`))
	fmt.Println(err)
	// Output: 5:27: rules[0].action: unknown key "duraton"
}

// Start a fake LLM in-process, make the second chat request fail with a
// 503, and read the journal.
func ExampleNew() {
	srv, err := fakellm.New(fakellm.Config{Seed: 42, Plan: fakellm.MustParsePlan(
		`rules: [{name: second-fails, match: {endpoint: chat, nth: 2}, action: {kind: status, code: 503}}]`)})
	if err != nil {
		panic(err)
	}
	if err := srv.Start(); err != nil {
		panic(err)
	}
	defer srv.Close()
	for i := 0; i < 2; i++ {
		resp, err := http.Post(srv.URL()+"/v1/chat/completions", "application/json",
			strings.NewReader(`{"model":"m","messages":[{"role":"user","content":"hi"}]}`))
		if err != nil {
			panic(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	e := srv.Journal()[1] // rule and action are recorded on arrival
	fmt.Println(e.Ordinal, e.Rule, e.Action)
	// Output:
	// 200
	// 503
	// 2 second-fails status
}
