package fakellm

func init() { RegisterAction("malformed_json", func() Action { return &MalformedJSON{} }) }

// MalformedJSON answers 200 with a body (or, for a stream, the event at
// index AfterChunks, default 1) that is not valid JSON: an unquoted
// `fakellm: malformed` member before the closing brace. HTTP framing is
// intact.
//
//	action: {kind: malformed_json}
type MalformedJSON struct {
	AfterChunks int `yaml:"after_chunks" json:"after_chunks,omitempty"`
}

// Validate implements Action.
func (a *MalformedJSON) Validate() error {
	if a.AfterChunks < 0 {
		return fieldErr("after_chunks", "must not be negative, got %d", a.AfterChunks)
	}
	return nil
}

// Apply implements Action.
func (a *MalformedJSON) Apply(x *Exchange) { corruptAt(x, max(a.AfterChunks, 1), malform) }
