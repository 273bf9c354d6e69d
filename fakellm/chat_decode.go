package fakellm

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// decodeChatFast decodes the usual shape of a chat request without
// reflection (json.Unmarshal is most of a request's CPU otherwise),
// checking the syntax as it goes. It reports false, leaving the caller to
// json.Unmarshal, for anything it does not decode exactly as json.Unmarshal
// would: invalid or deeply nested JSON, null or
// mistyped known fields, repeated known keys, keys with escapes, keys that
// match a field only case-insensitively, strings with escapes or invalid
// UTF-8, non-integer token counts.
func decodeChatFast(body []byte, req *chatRequest) bool {
	s := &jsonScan{b: body}
	var seen [len(chatFields)]bool
	ok := s.object(func(key []byte) bool {
		i := fieldIndex(chatFields[:], key)
		switch {
		case i == -2:
			return false
		case i == -1:
			return s.skip()
		case seen[i]:
			return false
		}
		seen[i] = true
		switch chatFields[i] {
		case "model":
			return s.model(&req.Model)
		case "messages":
			return s.messages(&req.Messages, req.msgBuf[:0])
		case "stream":
			return s.boolean(&req.Stream)
		case "stream_options":
			req.StreamOptions = &streamOptions{}
			return s.fields(streamOptionFields[:], func(string) bool { return s.boolean(&req.StreamOptions.IncludeUsage) })
		case "max_tokens":
			return s.integer(&req.MaxTokens)
		case "max_completion_tokens":
			return s.integer(&req.MaxCompletionTokens)
		default: // response_format
			req.ResponseFormat = &responseFormat{}
			return s.fields(responseFormatFields[:], func(string) bool { return s.str(&req.ResponseFormat.Type) })
		}
	})
	return ok && s.end()
}

var (
	chatFields           = [...]string{"model", "messages", "stream", "stream_options", "max_tokens", "max_completion_tokens", "response_format"}
	messageFields        = [...]string{"role", "content"}
	streamOptionFields   = [...]string{"include_usage"}
	responseFormatFields = [...]string{"type"}
)

// fieldIndex is key's index in names, -1 for a key json.Unmarshal ignores,
// -2 for one it would match case-insensitively. (The key stays bytes: a
// request's keys cost no string each.)
func fieldIndex(names []string, key []byte) int {
	for i, n := range names {
		if string(key) == n {
			return i
		}
	}
	for _, n := range names {
		if strings.EqualFold(string(key), n) {
			return -2
		}
	}
	return -1
}

// jsonScan walks JSON, failing on anything invalid.
type jsonScan struct {
	b     []byte
	i     int
	depth int // of skipped values
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScan) end() bool { s.ws(); return s.i == len(s.b) }

func (s *jsonScan) peek() byte {
	s.ws()
	if s.i == len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// object calls member for each key, positioned at its value. The key
// aliases the input: member must not keep it.
func (s *jsonScan) object(member func(key []byte) bool) bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		if s.peek() != '"' {
			return false
		}
		key, ok := s.plain()
		if !ok || s.peek() != ':' {
			return false
		}
		s.i++
		if !member(key) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// fields decodes an object with the given known fields, each once, through
// value, which is given the field's name; other keys are skipped.
func (s *jsonScan) fields(names []string, value func(name string) bool) bool {
	var seen [2]bool
	return s.object(func(key []byte) bool {
		i := fieldIndex(names, key)
		switch {
		case i == -2 || i >= 0 && seen[i]:
			return false
		case i == -1:
			return s.skip()
		}
		seen[i] = true
		return value(names[i])
	})
}

// messages decodes the messages array into *out, appending to msgs (the
// request's own room for a few, so the usual request takes no slice of
// its own).
func (s *jsonScan) messages(out *[]chatMessage, msgs []chatMessage) bool {
	if s.peek() != '[' {
		return false
	}
	s.i++
	if s.peek() == ']' {
		s.i++
		*out = []chatMessage{}
		return true
	}
	for {
		var m chatMessage
		ok := s.fields(messageFields[:], func(key string) bool {
			if key == "role" {
				return s.role(&m.Role)
			}
			s.ws()
			start := s.i
			if s.i < len(s.b) && s.b[s.i] == '"' {
				if in, ok := s.plain(); ok { // messageText's answer, without a second pass
					m.text, m.decoded = string(in), true
					m.Content = json.RawMessage(s.b[start:s.i:s.i])
					return true
				}
				s.i = start
			}
			if !s.skip() {
				return false
			}
			m.Content = json.RawMessage(s.b[start:s.i:s.i])
			return true
		})
		if !ok {
			return false
		}
		msgs = append(msgs, m)
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			*out = msgs
			return true
		default:
			return false
		}
	}
}

// str decodes a string without escapes or invalid UTF-8 (plainString).
func (s *jsonScan) str(out *string) bool {
	if s.peek() != '"' {
		return false
	}
	in, ok := s.plain()
	*out = string(in)
	return ok
}

// model is str for a model name, through modelNames: a load test names
// one or a few models, and each request then costs no string for it (nor
// its journal entry a live string of its own).
func (s *jsonScan) model(out *string) bool {
	if s.peek() != '"' {
		return false
	}
	in, ok := s.plain()
	*out = modelNames.intern(in)
	return ok
}

// modelNames is the cache of recently seen model names.
var modelNames internTable

// internTable is a small lock-free cache of strings by content: intern
// returns a string equal to b, the cached one when b's slot holds it, else
// a new one it caches there. Slots are replaced, never grown.
type internTable [16]atomic.Pointer[string]

func (t *internTable) intern(b []byte) string {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &t[h%uint32(len(t))]
	if p := slot.Load(); p != nil && *p == string(b) {
		return *p
	}
	str := string(b)
	slot.Store(&str)
	return str
}

// role is str for a message role, the usual ones without a copy.
func (s *jsonScan) role(out *string) bool {
	if s.peek() != '"' {
		return false
	}
	in, ok := s.plain()
	switch string(in) {
	case "user":
		*out = "user"
	case "assistant":
		*out = "assistant"
	case "system":
		*out = "system"
	case "tool":
		*out = "tool"
	case "developer":
		*out = "developer"
	default:
		*out = string(in)
	}
	return ok
}

// plain moves past the string at s.i (its opening quote) and returns its
// contents when it is one plainString accepts: no escapes, no control
// characters, valid UTF-8. ok is false for any other, s.i then undefined.
func (s *jsonScan) plain() (in []byte, ok bool) {
	start := s.i + 1
	ascii := true
	for i := start; i < len(s.b); i++ {
		switch c := s.b[i]; {
		case c == '"':
			in = s.b[start:i]
			if !ascii && !utf8.Valid(in) {
				return nil, false
			}
			s.i = i + 1
			return in, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

func (s *jsonScan) boolean(out *bool) bool {
	switch {
	case s.literal("true"):
		*out = true
	case s.literal("false"):
		*out = false
	default:
		return false
	}
	return true
}

func (s *jsonScan) literal(lit string) bool {
	s.ws()
	if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return s.atDelim()
	}
	return false
}

// atDelim reports whether a number or literal may end here.
func (s *jsonScan) atDelim() bool {
	return s.i == len(s.b) || strings.IndexByte(",}] \t\n\r", s.b[s.i]) >= 0
}

// integer decodes a number that is an int in plain digits.
func (s *jsonScan) integer(out **int) bool {
	s.ws()
	start := s.i
	if !s.number() || !s.atDelim() {
		return false
	}
	lit := s.b[start:s.i]
	if strings.ContainsAny(string(lit), ".eE") {
		return false
	}
	n, err := strconv.Atoi(string(lit))
	if err != nil {
		return false
	}
	*out = &n
	return true
}

// maxSkipDepth bounds the nesting of skipped values; deeper input goes
// to json.Unmarshal.
const maxSkipDepth = 64

// skip moves past one valid value.
func (s *jsonScan) skip() bool {
	switch c := s.peek(); {
	case c == '"':
		return s.skipString()
	case c == '{':
		return s.nested(func() bool {
			return s.object(func([]byte) bool { return s.skip() })
		})
	case c == '[':
		return s.nested(s.array)
	case c == '-' || '0' <= c && c <= '9':
		return s.number() && s.atDelim()
	default:
		return s.literal("true") || s.literal("false") || s.literal("null")
	}
}

func (s *jsonScan) nested(value func() bool) bool {
	if s.depth++; s.depth > maxSkipDepth {
		return false
	}
	ok := value()
	s.depth--
	return ok
}

func (s *jsonScan) array() bool {
	s.i++ // [
	if s.peek() == ']' {
		s.i++
		return true
	}
	for {
		if !s.skip() {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// skipString moves past a string, checking its escapes and that it holds
// no control characters (invalid UTF-8 is accepted, as json.Unmarshal does).
func (s *jsonScan) skipString() bool {
	for s.i++; s.i < len(s.b); {
		c := s.b[s.i]
		s.i++
		switch {
		case c == '"':
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if s.i == len(s.b) {
				return false
			}
			e := s.b[s.i]
			s.i++
			if e == 'u' {
				if len(s.b)-s.i < 4 || !isHex4(s.b[s.i:s.i+4]) {
					return false
				}
				s.i += 4
			} else if strings.IndexByte(`"\\/bfnrt`, e) < 0 {
				return false
			}
		}
	}
	return false
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// number moves past a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScan) number() bool {
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case !s.digits():
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

// digits moves past [0-9]+.
func (s *jsonScan) digits() bool {
	start := s.i
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}
