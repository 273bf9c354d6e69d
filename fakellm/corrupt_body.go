package fakellm

import (
	"bytes"
	"encoding/json"
)

// This file holds the helpers shared by the actions that corrupt the
// answer's JSON (malformed_json, truncated_json, empty_choices).

// corruptAt sends a stream whose event at index at (default 1: the first
// content chunk) is replaced by bad(payload), then the rest of the stream;
// or, for a JSON answer, the body bad(body) with a matching Content-Length.
func corruptAt(x *Exchange, at int, bad func([]byte) []byte) {
	if !x.Resp.Stream() {
		x.replaceBody(bad(x.Resp.Body))
		x.Respond()
		return
	}
	last := len(x.Resp.Events) - 2 // the last event before [DONE]
	at = min(at, last)
	if !x.streamUntil(at) || x.WriteEvent(dataEvent(bad(eventJSON(x.Resp.Events[at])))) != nil {
		return
	}
	x.streamFrom(at + 1)
}

// malform turns a JSON object into invalid JSON: an unquoted key and
// value are spliced in before the closing brace.
func malform(b []byte) []byte {
	i := bytes.LastIndexByte(b, '}')
	if i < 0 {
		return append(append([]byte{}, b...), "{oops"...)
	}
	out := append([]byte{}, b[:i]...)
	return append(append(out, `,fakellm: malformed}`...), b[i+1:]...)
}

// emptyChoices replaces a non-empty "choices" (chat) or "data"
// (embeddings, models) array with [].
func emptyChoices(b []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return b
	}
	changed := false
	for _, k := range []string{"choices", "data"} {
		if v, ok := m[k]; ok && string(v) != "[]" {
			m[k], changed = json.RawMessage("[]"), true
		}
	}
	if !changed {
		return b
	}
	out, err := json.Marshal(m)
	if err != nil {
		return b
	}
	return out
}
