package fakellm

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParsePlan: any input either fails with an error or gives a plan
// whose JSON form parses back to the same plan. Never a panic.
func FuzzParsePlan(f *testing.F) {
	f.Add([]byte("seed: 42\nrules:\n  - name: a\n    match: {endpoint: chat, after: 3}\n    action: {kind: hang_after_headers, duration: 30s}\n"))
	f.Add([]byte(`{"rules":[{"match":{"probability":0.2,"prompt":"^x"},"action":{"kind":"status","code":503,"retry_after":2}}]}`))
	f.Add([]byte("rules:\n  - action: {kind: delay, distribution: {type: lognormal, median: 1s, sigma: 1}}\n    match: {window: {start: 1s}}\n"))
	f.Add([]byte("rules: [{action: &a {kind: reset}}, {action: *a}]"))
	f.Add([]byte("rules:\n  - action: {kind: stall_stream, then: resume, duration: 1s, after_chunks: 2}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePlan(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal parsed plan: %v", err)
		}
		p2, err := ParsePlan(b)
		if err != nil {
			t.Fatalf("JSON form of a valid plan does not parse: %v\n%s", err, b)
		}
		if !reflect.DeepEqual(p, p2) {
			t.Fatalf("round trip differs:\n%s\n%s", p, p2)
		}
	})
}

// FuzzDecodeChat: a chat body is rejected with a message or answered with
// valid JSON (and a stream of valid JSON events ending in [DONE]).
func FuzzDecodeChat(f *testing.F) {
	f.Add([]byte(`{"model":"m","messages":[{"role":"user","content":"hi"}]}`))
	f.Add([]byte(`{"model":"m","stream":true,"stream_options":{"include_usage":true},"max_tokens":2,"messages":[{"role":"user","content":[{"type":"text","text":"a"}]}]}`))
	f.Add([]byte(`{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"system","content":"topic tree"},{"role":"user","content":"[1] a\n[2] b"}]}`))
	f.Add([]byte(`{"model":"m","messages":[{"role":"user","content":"category_id\nAllowed categories: a, b"}]}`))
	f.Add([]byte(`{"model":`))
	s, err := New(Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, body []byte) {
		req := new(chatRequest)
		_, err := decodeChat(body, req)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		resp := s.chatResponse(req, body)
		if !resp.Stream() {
			if !json.Valid(resp.Body) {
				t.Fatalf("invalid JSON answer: %s", resp.Body)
			}
			return
		}
		for _, ev := range resp.Events[:len(resp.Events)-1] {
			if !json.Valid(eventJSON(ev)) {
				t.Fatalf("invalid JSON event: %q", ev)
			}
		}
		if !isDone(resp.Events[len(resp.Events)-1]) {
			t.Fatal("stream does not end with [DONE]")
		}
	})
}

// FuzzDecodeEmbedding: rejected with a message naming a param, or answered
// with valid JSON.
func FuzzDecodeEmbedding(f *testing.F) {
	f.Add([]byte(`{"model":"e","input":"hello"}`))
	f.Add([]byte(`{"model":"e","input":["a","b"],"encoding_format":"base64","dimensions":8}`))
	f.Add([]byte(`{"model":"e","input":[[1,2,3],[4]]}`))
	f.Add([]byte(`{"model":"e","input":[1,2,3]}`))
	s, err := New(Config{EmbeddingDim: 16})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, body []byte) {
		req, inputs, dim, _, err := decodeEmbedding(body, 16)
		if err != nil {
			return
		}
		if dim > 64 { // keep fuzzing fast; large dims are the same code
			dim = 64
		}
		resp := s.embeddingResponse(req.Model, inputs, dim, req.EncodingFormat == "base64")
		if !json.Valid(resp.Body) {
			t.Fatalf("invalid JSON answer: %s", resp.Body)
		}
	})
}

// FuzzEverOS: a recognised prompt always gets valid JSON; tokenize always
// splits text into pieces that join back to it, and the text cut after n
// pieces tokenizes into those n.
func FuzzEverOS(f *testing.F) {
	f.Add("Build a topic tree.\n[1] First para.\n[2] Second para.", "")
	f.Add("atomic facts please", "On 2024-01-02 x did y. Then z.")
	f.Add("Return {\"category_id\": ...}", "Allowed categories: a, b\nDoc about a.")
	f.Add("topics", "1. one\n2) two\nP3: three")
	f.Fuzz(func(t *testing.T, system, user string) {
		msgs := []chatMessage{{Role: "system", text: system}, {Role: "user", text: user}}
		if a, ok := everosAnswer(msgs); ok && !json.Valid([]byte(a)) {
			t.Fatalf("invalid JSON answer %q", a)
		}
		pieces := tokenize(user)
		if strings.Join(pieces, "") != user || countTokens(user) != len(pieces) {
			t.Fatalf("tokenize(%q) = %q", user, pieces)
		}
		if want := refTokenize(user); !slices.Equal(pieces, want) {
			t.Fatalf("tokenize(%q) = %q, the plain rune-by-rune split gives %q", user, pieces, want)
		}
		for _, n := range []int{0, 1, len(pieces) / 2, len(pieces) - 1} {
			n = min(max(n, 0), len(pieces))
			cut := user[:tokensEnd(user, n)]
			if got := tokenize(cut); strings.Join(got, "") != strings.Join(pieces[:n], "") || len(got) != n {
				t.Fatalf("tokenize(%q) = %q, want the first %d of %q", cut, got, n, pieces)
			}
		}
	})
}

// FuzzMessageText: the unescaped-string fast path of messageText returns
// what json.Unmarshal does, for any valid JSON string.
func FuzzMessageText(f *testing.F) {
	for _, s := range []string{`"plain"`, `"esc\"aped"`, `"tab\t"`, `"\u00e9t\u00e9"`, `"été"`, "\"\xff\"", `"\ud800"`, `""`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var want string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &want) != nil {
			return
		}
		got, err := messageText(raw)
		if err != nil || got != want {
			t.Fatalf("messageText(%q) = %q, %v; json.Unmarshal gives %q", raw, got, err, want)
		}
	})
}

// FuzzDecodeChatFast: whenever the reflection-free decoder takes a body,
// it decodes it exactly as json.Unmarshal does.
func FuzzDecodeChatFast(f *testing.F) {
	for _, s := range []string{
		`{"model":"m","messages":[{"role":"user","content":"hi"}]}`,
		`{"model":"m","stream":true,"stream_options":{"include_usage":true},"max_tokens":5,"messages":[{"role":"system","content":null},{"role":"user","content":[{"type":"text","text":"a"}],"name":"x"}]}`,
		`{"model":"m","response_format":{"type":"json_object"},"max_completion_tokens":-3,"extra":{"a":[1,"]}",{"b":null}]},"messages":[]}`,
		`{"Model":"m","messages":[{"role":"user","content":"hi"}]}`,
		`{"model":"m","model":"n"}`,
		`{"model":"\u00e9","stream":null,"max_tokens":1e3}`,
		` { "model" : "m" , "messages" : [ { "content" : "x" , "role" : "user" } ] } `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var fast chatRequest
		if !decodeChatFast(body, &fast) {
			return
		}
		var want chatRequest
		if err := json.Unmarshal(body, &want); err != nil {
			t.Fatalf("fast path took %q, json.Unmarshal fails: %v", body, err)
		}
		// A content the fast path decoded must read as messageText reads
		// the raw content; past that, the two must agree field by field.
		for i := range fast.Messages {
			m := &fast.Messages[i]
			if m.decoded {
				if text, err := messageText(m.Content); err != nil || text != m.text {
					t.Fatalf("%q: messages[%d] decoded as %q, messageText gives %q (%v)", body, i, m.text, text, err)
				}
			}
			m.text, m.decoded = "", false
		}
		// The messages may live in the request's own room: compare them,
		// not the room.
		if fast.Messages != nil {
			fast.Messages = slices.Clone(fast.Messages)
		}
		fast.msgBuf = [4]chatMessage{}
		if !reflect.DeepEqual(fast, want) {
			t.Fatalf("%q:\nfast %+v\nwant %+v", body, fast, want)
		}
	})
}

// refTokenize is tokenize written plainly, rune by rune: a piece is an
// optional space before a word, then up to four letters or digits, or
// else one other character.
func refTokenize(s string) []string {
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	var out []string
	for i := 0; i < len(s); {
		j := i
		if s[j] == ' ' && j+1 < len(s) {
			if r, _ := utf8.DecodeRuneInString(s[j+1:]); word(r) {
				j++
			}
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if !word(r) {
			j += size
		} else {
			for n := 0; j < len(s) && n < maxPieceRunes; n++ {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !word(r) {
					break
				}
				j += size
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}
