package fakellm

import (
	"encoding/json"
	"net/http"
)

func init() { RegisterAction("stream_error", func() Action { return &StreamError{} }) }

// StreamError sends AfterChunks stream events, then an error event
// `data: {"error": {...}}` as OpenAI does mid-stream, then ends the
// response (no [DONE]). A non-streaming answer becomes status 200 with an
// OpenAI error body.
//
//	action: {kind: stream_error, after_chunks: 2, message: "model overloaded"}
type StreamError struct {
	AfterChunks int    `yaml:"after_chunks" json:"after_chunks"`
	Message     string `yaml:"message" json:"message,omitempty"`
}

// Validate implements Action.
func (a *StreamError) Validate() error {
	if a.AfterChunks < 0 {
		return fieldErr("after_chunks", "must not be negative, got %d", a.AfterChunks)
	}
	return nil
}

// Apply implements Action.
func (a *StreamError) Apply(x *Exchange) {
	msg := a.Message
	if msg == "" {
		msg = "fakellm: injected error mid-stream"
	}
	payload, _ := json.Marshal(openAIError{Error: openAIErrorBody{Message: msg, Type: "server_error"}})
	if !x.Resp.Stream() {
		x.replaceBody(payload)
		x.WriteHeader(http.StatusOK)
		x.Write(x.Resp.Body)
		return
	}
	if x.streamUntil(a.AfterChunks) {
		x.Write(dataEvent(payload))
	}
}
