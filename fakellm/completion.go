package fakellm

import (
	"strconv"
	"unicode/utf8"
)

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// appendJSON appends u as encoding/json marshals it.
func (u usage) appendJSON(b []byte) []byte {
	b = append(b, `{"prompt_tokens":`...)
	b = strconv.AppendInt(b, int64(u.PromptTokens), 10)
	b = append(b, `,"completion_tokens":`...)
	b = strconv.AppendInt(b, int64(u.CompletionTokens), 10)
	b = append(b, `,"total_tokens":`...)
	b = strconv.AppendInt(b, int64(u.TotalTokens), 10)
	return append(b, '}')
}

// completion renders one generated answer as a chat.completion object or as
// a chat.completion.chunk stream, in the OpenAI wire format. Both are
// written straight into one pre-sized buffer: this runs on every request.
type completion struct {
	digest        uint64 // the id is "chatcmpl-" and its 16 hex digits
	model, finish string
	text          string // the answer, already cut to max_tokens pieces
	usage         usage
}

const fingerprint = "fp_fakellm"

func (c *completion) appendHead(b []byte, object string) []byte {
	b = append(b, `{"id":"chatcmpl-`...)
	b = appendHex16(b, c.digest)
	b = append(b, `","object":"`...)
	b = append(b, object...)
	b = append(b, `","created":`...)
	b = strconv.AppendInt(b, created, 10)
	b = append(b, `,"model":`...)
	b = appendQuoted(b, c.model)
	return append(b, `,"system_fingerprint":"`+fingerprint+`","choices":`...)
}

// idLen is the length of the quoted id.
const idLen = len(`"chatcmpl-0123456789abcdef"`)

// quotedLen bounds the length of s as a JSON string without escapes.
func quotedLen(s string) int { return len(s) + len(s)/8 + 2 }

func (c *completion) json() []byte {
	b := make([]byte, 0, 320+idLen+quotedLen(c.model)+quotedLen(c.text))
	b = c.appendHead(b, "chat.completion")
	b = append(b, `[{"index":0,"message":{"role":"assistant","content":`...)
	b = appendQuoted(b, c.text)
	b = append(b, `,"refusal":null},"logprobs":null,"finish_reason":"`...)
	b = append(b, c.finish...)
	b = append(b, `"}],"usage":`...)
	b = c.usage.appendJSON(b)
	return append(b, '}')
}

// events renders the stream: role delta, one content delta per token piece,
// the finish chunk, the usage chunk (choices: []) when asked, then [DONE].
// The events are consecutive slices of one buffer, each capped at its end.
func (c *completion) events(includeUsage bool) [][]byte {
	pieces := tokenize(c.text)
	head := c.appendHead(make([]byte, 0, 160+idLen+quotedLen(c.model)), "chat.completion.chunk")
	tail := `,"logprobs":null,"finish_reason":null}]`
	usageNull := ""
	if includeUsage {
		usageNull = `,"usage":null`
	}
	// An upper bound on each event's size, so the buffer does not grow;
	// if it does anyway, earlier events keep the old array, still intact.
	perEvent := len("data: ") + len(head) + len(tail) + len(usageNull) + 128
	buf := make([]byte, 0, (len(pieces)+4)*perEvent)
	ev := make([][]byte, 0, len(pieces)+4)
	mark := 0
	done := func() {
		ev = append(ev, buf[mark:len(buf):len(buf)])
		mark = len(buf)
	}
	open := func() { buf = append(append(buf, "data: "...), head...) }
	open()
	buf = append(buf, `[{"index":0,"delta":{"role":"assistant","content":""}`...)
	buf = append(append(append(buf, tail...), usageNull...), "}\n\n"...)
	done()
	for _, p := range pieces {
		open()
		buf = append(buf, `[{"index":0,"delta":{"content":`...)
		buf = appendQuoted(buf, p)
		buf = append(append(append(append(buf, '}'), tail...), usageNull...), "}\n\n"...)
		done()
	}
	open()
	buf = append(buf, `[{"index":0,"delta":{},"logprobs":null,"finish_reason":"`...)
	buf = append(append(append(append(buf, c.finish...), `"}]`...), usageNull...), "}\n\n"...)
	done()
	if includeUsage {
		open()
		buf = c.usage.appendJSON(append(buf, `[],"usage":`...))
		buf = append(buf, "}\n\n"...)
		done()
	}
	return append(ev, []byte(doneEvent))
}

// quote returns s as a JSON string.
func quote(s string) string { return string(appendQuoted(make([]byte, 0, len(s)+2), s)) }

const hexDigits = "0123456789abcdef"

// appendQuoted appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD (as encoding/json
// does, without its reflection and HTML escaping).
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		if j := i + plainRun(s[i:]); j > i { // copy what needs no escaping at once
			b = append(b, s[i:j]...)
			if i = j; i == len(s) {
				break
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029': // valid JSON, but break JavaScript
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// plainRun is the length of the prefix of s that appendQuoted copies as
// it is: printable ASCII other than quote and backslash.
func plainRun(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return i
		}
	}
	return len(s)
}
