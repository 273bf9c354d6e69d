package fakellm_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"gopkg.in/yaml.v3"
)

func TestParsePlanErrors(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "unknown action key", give: "seed: 1\nrules:\n  - name: a\n    match: {endpoint: chat}\n    action: {kind: delay, duration: 1s}\n  - name: b\n    action: {kind: hang, duraton: 1s}\n",
			want: `7:26: rules[1].action: unknown key "duraton"`},
		{name: "unknown top key", give: "sede: 1\nrules: []\n", want: `1:1: unknown key "sede"`},
		{name: "unknown match key", give: "rules:\n  - match: {endpont: chat}\n    action: {kind: reset}\n", want: `2:13: rules[0].match: unknown key "endpont"`},
		{name: "unknown kind", give: "rules:\n  - action: {kind: explode}\n", want: `2:20: rules[0].action.kind: unknown action kind "explode" (known: close_before_response,`},
		{name: "missing kind", give: "rules:\n  - action: {duration: 1s}\n", want: `2:13: rules[0].action: missing key "kind"`},
		{name: "missing action", give: "rules:\n  - name: x\n    match: {endpoint: chat}\n", want: `2:5: rules[0].action: missing (every rule needs an action with a kind)`},
		{name: "bad regexp", give: "rules:\n  - match: {prompt: \"a(\"}\n    action: {kind: reset}\n", want: "2:21: rules[0].match.prompt: bad regexp: error parsing regexp: missing closing ): `a(`"},
		{name: "bad duration", give: "rules:\n  - action: {kind: delay, duration: 5 minutes}\n", want: `2:37: rules[0].action.duration: invalid duration "5 minutes" (want e.g. 500ms, 30s, 2m)`},
		{name: "number duration", give: "rules:\n  - action: {kind: delay, duration: 5}\n", want: `2:37: rules[0].action.duration: invalid duration "5" (want e.g. 500ms, 30s, 2m)`},
		{name: "negative duration", give: "rules:\n  - action: {kind: hang, duration: -1s}\n", want: `2:36: rules[0].action.duration: duration "-1s" is negative`},
		{name: "probability", give: "rules:\n  - match:\n      probability: 1.5\n    action: {kind: reset}\n", want: `3:20: rules[0].match.probability: must be in [0,1], got 1.5`},
		{name: "from after to", give: "rules:\n  - match: {from: 5, to: 2}\n    action: {kind: reset}\n", want: `2:19: rules[0].match.from: from 5 is after to 2`},
		{name: "bad endpoint", give: "rules:\n  - match: {endpoint: completions}\n    action: {kind: reset}\n", want: `2:23: rules[0].match.endpoint: unknown endpoint "completions"`},
		{name: "window", give: "rules:\n  - match: {window: {start: 10s, end: 5s}}\n    action: {kind: reset}\n", want: `2:39: rules[0].match.window.end: window end 5s must be after start 10s`},
		{name: "wrong type", give: "rules:\n  - match: {nth: three}\n    action: {kind: reset}\n", want: `2:18: rules[0].match.nth: want an integer, got "three"`},
		{name: "rules not list", give: "rules: {a: 1}\n", want: `1:8: rules: want a list, got a mapping`},
		{name: "duplicate key", give: "rules: []\nrules: []\n", want: `2:1: duplicate key "rules" (first at line 1)`},
		{name: "duplicate name", give: "rules:\n  - {name: a, action: {kind: reset}}\n  - {name: a, action: {kind: reset}}\n", want: `3:12: rules[1].name: duplicate rule name "a" (also rules[0])`},
		{name: "status code", give: "rules:\n  - action: {kind: status, code: 200}\n", want: `2:34: rules[0].action.code: want an HTTP error status in [400, 599], got 200`},
		{name: "stall then", give: "rules:\n  - action: {kind: stall_stream, then: explode}\n", want: `2:40: rules[0].action.then: unknown "explode"`},
		{name: "resume needs duration", give: "rules:\n  - action: {kind: stall_stream, then: resume}\n", want: `2:13: rules[0].action.duration: then: resume needs a duration > 0`},
		{name: "delay needs duration", give: "rules:\n  - action: {kind: delay}\n", want: `2:13: rules[0].action.duration: delay needs a duration > 0 or a distribution`},
		{name: "distribution", give: "rules:\n  - action: {kind: delay, distribution: {type: normal}}\n", want: `2:48: rules[0].action.distribution.type: unknown distribution "normal"`},
		{name: "trickle", give: "rules:\n  - action: {kind: trickle}\n", want: `2:13: rules[0].action.bytes_per_second: must be at least 1, got 0`},
		{name: "json unknown key", give: `{"rules":[{"action":{"kind":"hang","forever":true}}]}`, want: `1:36: rules[0].action: unknown key "forever"`},
		{name: "yaml syntax", give: "rules: [\n", want: "1: invalid YAML: did not find expected node content"},
		{name: "empty", give: "  \n", want: "plan is empty"},
		{name: "only a comment", give: "# nothing\n", want: "plan is empty"},
		{name: "two documents", give: "rules: []\n---\nrules: []\n", want: "2:1: more than one YAML document (a plan is one document)"},
		{name: "duplicate kind", give: "rules:\n  - action: {kind: reset, kind: hang}\n", want: `2:27: rules[0].action: duplicate key "kind" (first at line 2)`},
		{name: "kind not a string", give: "rules:\n  - action: {kind: [x]}\n", want: `2:20: rules[0].action.kind: want a string, got a list`},
		{name: "every error reported", give: "rules:\n  - {match: {nth: x, every: y}, action: {kind: reset}}\n  - action: {kind: hang, forever: true}\n",
			want: "2:19: rules[0].match.nth: want an integer, got \"x\"\n2:29: rules[0].match.every: want an integer, got \"y\"\n3:26: rules[1].action: unknown key \"forever\""},
		{name: "every check reported", give: "rules:\n  - action: {kind: trickle}\n  - {match: {probability: 2}, action: {kind: status, code: 200}}\n",
			want: "2:13: rules[0].action.bytes_per_second: must be at least 1, got 0\n3:27: rules[1].match.probability: must be in [0,1], got 2\n3:60: rules[1].action.code: want an HTTP error status in [400, 599], got 200"},
		{name: "scalar", give: "hello\n", want: `1:1: want a mapping at the top level, got "hello"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := fakellm.ParsePlan([]byte(tt.give))
			if err == nil {
				t.Fatalf("no error, plan %v", p)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error\n  %s\ndoes not contain\n  %s", err, tt.want)
			}
		})
	}
}

const everyActionPlan = `
seed: 42
rules:
  - name: hang-chat-after-3
    match: {endpoint: chat, after: 3}
    action: {kind: hang_after_headers, duration: 30s}
  - name: flaky-embeddings
    match: {endpoint: embeddings, probability: 0.2}
    action: {kind: status, code: 503}
  - {match: {nth: 1, stream: true, model: m, prompt: "^hi", window: {start: 1s, end: 1m}, times: 2}, action: {kind: delay, distribution: {type: lognormal, median: 100ms, sigma: 0.5, max: 1s}}}
  - {match: {from: 2, to: 9, every: 3}, action: {kind: delay, distribution: {type: uniform, min: 10ms, max: 20ms}}}
  - {action: {kind: hang}}
  - {action: {kind: stall_stream, after_chunks: 2, then: resume, duration: 1s}}
  - {action: {kind: trickle, bytes_per_second: 100}}
  - {action: {kind: close_before_response}}
  - {action: {kind: close_mid_body, after_bytes: 10}}
  - {action: {kind: close_without_done}}
  - {action: {kind: reset}}
  - {action: {kind: status, code: 429, retry_after: 1, ratelimit_headers: true, message: slow down}}
  - {action: {kind: malformed_json, after_chunks: 2}}
  - {action: {kind: truncated_json, at_bytes: 9}}
  - {action: {kind: wrong_content_type, content_type: text/plain, body: oops}}
  - {action: {kind: empty_choices}}
  - {action: {kind: stream_error, after_chunks: 1, message: boom}}
  - {action: {kind: loading, duration: 2s}}
`

// TestPlanRoundTrip: a plan's JSON form (GET /admin/plan) parses back to
// the same plan, and every registered action kind appears above.
func TestPlanRoundTrip(t *testing.T) {
	p := fakellm.MustParsePlan(everyActionPlan)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := fakellm.ParsePlan(b)
	if err != nil {
		t.Fatalf("JSON form does not parse: %v\n%s", err, b)
	}
	if !reflect.DeepEqual(p, p2) {
		t.Fatalf("round trip differs:\n%s\n%s", p, p2)
	}
	kinds := map[string]bool{}
	for _, r := range p.Rules {
		kinds[r.Action.Kind] = true
	}
	for _, k := range fakellm.ActionKinds() {
		if !kinds[k] {
			t.Errorf("action kind %q missing from everyActionPlan", k)
		}
	}
	if p.Rules[4].Name != "rule-5" {
		t.Errorf("default name %q, want rule-5", p.Rules[4].Name)
	}
}

// TestDecodePlanNode: a plan inside a bigger file reports that file's lines.
func TestDecodePlanNode(t *testing.T) {
	src := "name: scenario\nsteps:\n  - at: 5s\n    plan:\n      rules:\n        - action: {kind: hang, duraton: 1s}\n"
	var doc struct {
		Steps []struct {
			Plan yaml.Node `yaml:"plan"`
		} `yaml:"steps"`
	}
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	_, err := fakellm.DecodePlanNode(&doc.Steps[0].Plan)
	want := `6:32: rules[0].action: unknown key "duraton"`
	if err == nil || err.Error() != want {
		t.Fatalf("error %v, want %s", err, want)
	}
}

func TestSetPlanRejectsInvalidGoPlan(t *testing.T) {
	srv := newServer(t, "rules: [{name: keep, action: {kind: reset}}]")
	prob := 2.0
	bad := &fakellm.Plan{Rules: []fakellm.Rule{{Match: fakellm.Match{Probability: &prob}, Action: mustSpec(t, "reset")}}}
	err := srv.SetPlan(bad)
	if err == nil || !strings.Contains(err.Error(), "rules[0].match.probability: must be in [0,1], got 2") {
		t.Fatalf("SetPlan error %v", err)
	}
	if got := srv.Plan().Rules[0].Name; got != "keep" {
		t.Fatalf("plan in force has rule %q, want the old plan", got)
	}
}

func mustSpec(t *testing.T, kind string) fakellm.ActionSpec {
	s, err := fakellm.NewActionSpec(kind)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
