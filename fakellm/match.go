package fakellm

import (
	"regexp"
	"time"
)

// Endpoint names used by match.endpoint, the journal and metric labels.
const (
	EndpointChat       = "chat"
	EndpointEmbeddings = "embeddings"
	EndpointModels     = "models"
	EndpointHealth     = "health"
	EndpointAny        = "any"
)

// Match selects requests. Every key is optional; all that are set must hold.
type Match struct {
	// Endpoint is chat, embeddings, models, health or any (default).
	// "any" covers the three /v1 endpoints, not /health: a rule must name
	// health explicitly to touch liveness probes.
	Endpoint string `yaml:"endpoint" json:"endpoint,omitempty"`
	// Model equals the request's model.
	Model string `yaml:"model" json:"model,omitempty"`
	// Stream equals the request's stream flag (chat only).
	Stream *bool `yaml:"stream" json:"stream,omitempty"`
	// Prompt is a regexp matched against the last message (chat) or the
	// joined input (embeddings).
	Prompt string `yaml:"prompt" json:"prompt,omitempty"`
	// Nth is this endpoint's 1-based request ordinal.
	Nth int `yaml:"nth" json:"nth,omitempty"`
	// From and To bound the ordinal (inclusive); either may be 0 (open).
	From int `yaml:"from" json:"from,omitempty"`
	To   int `yaml:"to" json:"to,omitempty"`
	// Every k-th request of the endpoint (ordinal divisible by k).
	Every int `yaml:"every" json:"every,omitempty"`
	// After: only once the endpoint has answered N requests successfully.
	After int `yaml:"after" json:"after,omitempty"`
	// Probability in [0,1], drawn from the plan's seeded generator.
	Probability *float64 `yaml:"probability" json:"probability,omitempty"`
	// Window limits the rule to a span of time since the plan was loaded.
	Window *Window `yaml:"window" json:"window,omitempty"`
	// Times caps how often the rule fires (0 = no cap).
	Times int `yaml:"times" json:"times,omitempty"`

	prompt *regexp.Regexp
}

// Window is a span since the plan was loaded; End 0 means open-ended.
type Window struct {
	Start Duration `yaml:"start" json:"start"`
	End   Duration `yaml:"end" json:"end,omitempty"`
}

func (w *Window) validate() error {
	if w.End != 0 && w.End <= w.Start {
		return fieldErr("end", "window end %s must be after start %s", w.End, w.Start)
	}
	return nil
}

func (m *Match) validate() error {
	switch m.Endpoint {
	case "", EndpointAny, EndpointChat, EndpointEmbeddings, EndpointModels, EndpointHealth:
	default:
		return fieldErr("endpoint", "unknown endpoint %q (want chat, embeddings, models, health or any)", m.Endpoint)
	}
	for _, c := range []struct {
		key string
		v   int
	}{{"nth", m.Nth}, {"from", m.From}, {"to", m.To}, {"every", m.Every}, {"after", m.After}, {"times", m.Times}} {
		if c.v < 0 {
			return fieldErr(c.key, "must not be negative, got %d", c.v)
		}
	}
	if m.To != 0 && m.From > m.To {
		return fieldErr("from", "from %d is after to %d", m.From, m.To)
	}
	if p := m.Probability; p != nil && (*p < 0 || *p > 1 || *p != *p) {
		return fieldErr("probability", "must be in [0,1], got %v", *p)
	}
	if m.Prompt != "" {
		re, err := regexp.Compile(m.Prompt)
		if err != nil {
			return fieldErr("prompt", "bad regexp: %v", err)
		}
		m.prompt = re
	}
	return nil
}

// reqInfo is what rules select on. Fields are filled before matching.
type reqInfo struct {
	endpoint  string
	model     string
	stream    bool
	prompt    string // last message or joined input
	ordinal   int    // 1-based per endpoint
	succeeded int    // successful answers on this endpoint so far
	since     time.Duration
}

// static reports whether every deterministic selector holds; probability
// and times are checked by the caller, under the plan lock.
func (m *Match) static(q *reqInfo) bool {
	switch m.Endpoint {
	case "", EndpointAny:
		if q.endpoint == EndpointHealth {
			return false
		}
	default:
		if m.Endpoint != q.endpoint {
			return false
		}
	}
	return (m.Model == "" || m.Model == q.model) &&
		(m.Stream == nil || *m.Stream == q.stream) &&
		(m.Nth == 0 || m.Nth == q.ordinal) &&
		(m.From == 0 || q.ordinal >= m.From) &&
		(m.To == 0 || q.ordinal <= m.To) &&
		(m.Every == 0 || q.ordinal%m.Every == 0) &&
		(m.After == 0 || q.succeeded >= m.After) &&
		m.inWindow(q.since) &&
		(m.prompt == nil || m.prompt.MatchString(q.prompt))
}

func (m *Match) inWindow(since time.Duration) bool {
	w := m.Window
	return w == nil || (since >= w.Start.D() && (w.End == 0 || since < w.End.D()))
}
