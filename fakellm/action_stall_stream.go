package fakellm

func init() { RegisterAction("stall_stream", func() Action { return &StallStream{} }) }

// StallStream sends the first AfterChunks stream events (every SSE event
// counts, the first role-only chunk included), then stalls, then does Then:
//
//	hold    keep the connection silent for Duration (default: until the
//	        client gives up or the server closes), then close it
//	close   after Duration (default 0), close the connection (FIN) mid-stream
//	reset   after Duration (default 0), reset the connection (RST)
//	resume  after Duration (required), send the rest of the stream
//
// A non-streaming answer stalls after its headers, before the body.
//
//	action: {kind: stall_stream, after_chunks: 3, then: resume, duration: 5s}
type StallStream struct {
	AfterChunks int      `yaml:"after_chunks" json:"after_chunks"`
	Then        string   `yaml:"then" json:"then,omitempty"`
	Duration    Duration `yaml:"duration" json:"duration,omitempty"`
}

// Validate implements Action.
func (a *StallStream) Validate() error {
	switch a.Then {
	case "", "hold", "close", "reset":
	case "resume":
		if a.Duration == 0 {
			return fieldErr("duration", "then: resume needs a duration > 0")
		}
	default:
		return fieldErr("then", "unknown %q (want hold, close, reset or resume)", a.Then)
	}
	if a.AfterChunks < 0 {
		return fieldErr("after_chunks", "must not be negative, got %d", a.AfterChunks)
	}
	return nil
}

// Apply implements Action.
func (a *StallStream) Apply(x *Exchange) {
	n := a.AfterChunks
	if x.Resp.Stream() {
		if !x.streamUntil(n) {
			return
		}
		x.flush() // the headers, when after_chunks is 0
		if n > len(x.Resp.Events)-1 {
			n = len(x.Resp.Events) - 1 // never past [DONE]
		}
	} else {
		x.dropContentLength()
		x.SendHeaders(x.Resp.Status)
	}
	// hold waits forever by default; close and reset act at once.
	if (a.Duration > 0 || a.Then == "" || a.Then == "hold") && !x.Wait(a.Duration.D()) {
		return
	}
	if a.Duration > 0 {
		x.Note("stalled %s", a.Duration)
	}
	switch a.Then {
	case "", "hold", "close":
		x.CloseConn()
	case "reset":
		x.ResetConn()
	case "resume":
		a.resume(x, n)
	}
}

func (a *StallStream) resume(x *Exchange, n int) {
	if x.Resp.Stream() {
		x.normal = x.streamFrom(n)
		return
	}
	x.normal = x.Write(x.Resp.Body) == nil
}
