package fakellm

func init() { RegisterAction("close_without_done", func() Action { return &CloseWithoutDone{} }) }

// CloseWithoutDone ends a stream cleanly (final chunk, usage, proper end of
// the chunked body) but never sends "data: [DONE]". Both OpenAI SDKs accept
// this silently; only the journal shows it. A non-streaming answer is sent
// normally.
//
//	action: {kind: close_without_done}
type CloseWithoutDone struct{}

// Validate implements Action.
func (a *CloseWithoutDone) Validate() error { return nil }

// Apply implements Action.
func (a *CloseWithoutDone) Apply(x *Exchange) {
	if !x.Resp.Stream() {
		x.Note("not a stream: answered normally")
		x.Respond()
		return
	}
	x.streamUntil(len(x.Resp.Events))
}
