package fakellm

import "time"

func init() { RegisterAction("loading", func() Action { return &Loading{} }) }

// Loading puts the server in llama-server's "loading model" state for
// Duration (0: until the plan is replaced or reset): /health and every API
// request answer 503 {"error":{"code":503,"message":"Loading model",...}}.
// Requests refused while loading take no ordinal and match no rule.
//
//	action: {kind: loading, duration: 10s}
type Loading struct {
	Duration Duration `yaml:"duration" json:"duration,omitempty"`
}

// Validate implements Action.
func (a *Loading) Validate() error { return nil }

// Apply implements Action.
func (a *Loading) Apply(x *Exchange) {
	x.st.startLoading(x.Rule, time.Now(), a.Duration.D())
	x.Resp = loadingResponse()
	x.Respond()
}
