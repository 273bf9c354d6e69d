package fakellm

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// completion renders one generated answer as a chat.completion object or as
// a chat.completion.chunk stream, in the OpenAI wire format.
type completion struct {
	id, model, finish string
	pieces            []string
	usage             usage
}

const fingerprint = "fp_fakellm"

func (c *completion) head(object string) string {
	var b strings.Builder
	b.WriteString(`{"id":`)
	b.WriteString(quote(c.id))
	b.WriteString(`,"object":"` + object + `","created":` + strconv.Itoa(created) + `,"model":`)
	b.WriteString(quote(c.model))
	b.WriteString(`,"system_fingerprint":"` + fingerprint + `","choices":`)
	return b.String()
}

func (c *completion) json() []byte {
	u, _ := json.Marshal(c.usage)
	var b strings.Builder
	b.Grow(len(c.pieces)*6 + 400)
	b.WriteString(c.head("chat.completion"))
	b.WriteString(`[{"index":0,"message":{"role":"assistant","content":`)
	b.WriteString(quote(strings.Join(c.pieces, "")))
	b.WriteString(`,"refusal":null},"logprobs":null,"finish_reason":"` + c.finish + `"}],"usage":`)
	b.Write(u)
	b.WriteString("}")
	return []byte(b.String())
}

// events renders the stream: role delta, one content delta per token piece,
// the finish chunk, the usage chunk (choices: []) when asked, then [DONE].
func (c *completion) events(includeUsage bool) [][]byte {
	head := c.head("chat.completion.chunk")
	tail := `,"logprobs":null,"finish_reason":null}]`
	if includeUsage {
		tail += `,"usage":null`
	}
	tail += "}\n\n"
	ev := make([][]byte, 0, len(c.pieces)+4)
	ev = append(ev, []byte("data: "+head+`[{"index":0,"delta":{"role":"assistant","content":""}`+tail))
	for _, p := range c.pieces {
		ev = append(ev, []byte("data: "+head+`[{"index":0,"delta":{"content":`+quote(p)+"}"+tail))
	}
	fin := "data: " + head + `[{"index":0,"delta":{},"logprobs":null,"finish_reason":"` + c.finish + `"}]`
	if includeUsage {
		fin += `,"usage":null`
	}
	ev = append(ev, []byte(fin+"}\n\n"))
	if includeUsage {
		u, _ := json.Marshal(c.usage)
		ev = append(ev, []byte("data: "+head+"[],\"usage\":"+string(u)+"}\n\n"))
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
