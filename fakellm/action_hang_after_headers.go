package fakellm

import "net/http"

func init() { RegisterAction("hang_after_headers", func() Action { return &HangAfterHeaders{} }) }

// HangAfterHeaders sends the status line and headers of a normal answer
// (200, JSON or event-stream), then nothing for Duration (0: until the
// client gives up or the server closes), then closes the connection.
//
//	action: {kind: hang_after_headers, duration: 30s}
type HangAfterHeaders struct {
	Duration Duration `yaml:"duration" json:"duration,omitempty"`
}

// Validate implements Action.
func (a *HangAfterHeaders) Validate() error { return nil }

// Apply implements Action.
func (a *HangAfterHeaders) Apply(x *Exchange) {
	if !x.Resp.Stream() {
		x.dropContentLength() // the body may never come: chunked, like a stream
	}
	x.SendHeaders(http.StatusOK)
	if x.Wait(a.Duration.D()) {
		x.Note("hung %s after headers", a.Duration)
		x.CloseConn()
	}
}
