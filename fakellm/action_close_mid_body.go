package fakellm

func init() { RegisterAction("close_mid_body", func() Action { return &CloseMidBody{} }) }

// CloseMidBody sends the headers of the normal answer (a JSON answer keeps
// its full Content-Length) and the first AfterBytes body bytes (default:
// half the body), then closes the connection. Clients see an unexpected
// EOF. For streams AfterBytes counts bytes of SSE events.
//
//	action: {kind: close_mid_body, after_bytes: 100}
type CloseMidBody struct {
	AfterBytes int `yaml:"after_bytes" json:"after_bytes,omitempty"`
}

// Validate implements Action.
func (a *CloseMidBody) Validate() error {
	if a.AfterBytes < 0 {
		return fieldErr("after_bytes", "must not be negative, got %d", a.AfterBytes)
	}
	return nil
}

// Apply implements Action.
func (a *CloseMidBody) Apply(x *Exchange) {
	body := x.Resp.Body
	if x.Resp.Stream() {
		body = joinEvents(x.Resp.Events)
	}
	n := a.AfterBytes
	if n == 0 || n >= len(body) {
		n = len(body) / 2
	}
	x.WriteHeader(x.Resp.Status)
	if x.Write(body[:n]) != nil {
		return
	}
	x.Note("closed after %d of %d body bytes", n, len(body))
	x.CloseConn()
}

func joinEvents(evs [][]byte) []byte {
	var out []byte
	for _, e := range evs {
		out = append(out, e...)
	}
	return out
}
