package fakellm

func init() { RegisterAction("truncated_json", func() Action { return &TruncatedJSON{} }) }

// TruncatedJSON answers 200 with the JSON cut after AtBytes bytes (default:
// half) and a Content-Length that matches the cut body, so the HTTP
// exchange is clean and only the JSON is incomplete. For a stream, the
// event at index AfterChunks (default 1) is cut.
//
//	action: {kind: truncated_json, at_bytes: 40}
type TruncatedJSON struct {
	AtBytes     int `yaml:"at_bytes" json:"at_bytes,omitempty"`
	AfterChunks int `yaml:"after_chunks" json:"after_chunks,omitempty"`
}

// Validate implements Action.
func (a *TruncatedJSON) Validate() error {
	if a.AtBytes < 0 {
		return fieldErr("at_bytes", "must not be negative, got %d", a.AtBytes)
	}
	if a.AfterChunks < 0 {
		return fieldErr("after_chunks", "must not be negative, got %d", a.AfterChunks)
	}
	return nil
}

// Apply implements Action.
func (a *TruncatedJSON) Apply(x *Exchange) {
	corruptAt(x, max(a.AfterChunks, 1), func(b []byte) []byte {
		n := a.AtBytes
		if n == 0 || n >= len(b) {
			n = len(b) / 2
		}
		return b[:n:n]
	})
}
