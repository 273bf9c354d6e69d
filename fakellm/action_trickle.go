package fakellm

import "time"

func init() { RegisterAction("trickle", func() Action { return &Trickle{} }) }

// Trickle sends the normal answer (headers at once) at BytesPerSecond, in
// pieces of about a twentieth of a second's worth.
//
//	action: {kind: trickle, bytes_per_second: 50}
type Trickle struct {
	BytesPerSecond int `yaml:"bytes_per_second" json:"bytes_per_second"`
}

// Validate implements Action.
func (a *Trickle) Validate() error {
	if a.BytesPerSecond < 1 {
		return fieldErr("bytes_per_second", "must be at least 1, got %d", a.BytesPerSecond)
	}
	return nil
}

// Apply implements Action.
func (a *Trickle) Apply(x *Exchange) {
	body := x.Resp.Body
	if x.Resp.Stream() {
		body = joinEvents(x.Resp.Events)
	}
	piece := max(1, a.BytesPerSecond/20)
	gap := time.Duration(piece) * time.Second / time.Duration(a.BytesPerSecond)
	x.WriteHeader(x.Resp.Status)
	for len(body) > 0 {
		n := min(piece, len(body))
		if x.Write(body[:n]) != nil {
			return
		}
		body = body[n:]
		if len(body) > 0 && !x.Wait(gap) {
			return
		}
	}
	if x.Resp.Stream() {
		x.chunks, x.done = len(x.Resp.Events)-1, true
	}
	x.normal = true
}
