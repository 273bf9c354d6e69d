package fakellm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/fnv"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// refMaybeEverOS is maybeEverOS written plainly: any non-ASCII byte, or
// any keyword found in an ASCII-lower-cased copy of a message.
func refMaybeEverOS(msgs []chatMessage) bool {
	for _, m := range msgs {
		lower := []byte(m.text)
		for i, c := range lower {
			if c >= 0x80 {
				return true
			}
			if 'A' <= c && c <= 'Z' {
				lower[i] = c + 'a' - 'A'
			}
		}
		for _, k := range everosKeywords {
			if bytes.Contains(lower, []byte(k)) {
				return true
			}
		}
	}
	return false
}

// refEchoAnswer is echoAnswer without the single-spaced shortcut.
func refEchoAnswer(d uint64, last string) string {
	var b strings.Builder
	b.WriteString("fakellm answer ")
	b.Write(appendHex16(nil, d))
	b.WriteString(". You said: ")
	writeEchoWords(&b, last)
	return b.String()
}

// refDigest is digest through hash/fnv, as it was first written.
func refDigest(seed int64, parts ...[]byte) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(seed))
	h.Write(b[:])
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{0})
	}
	return h.Sum64()
}

var fastPathTexts = []string{
	"",
	"(parenthesised) prompt",
	"'quoted' words",
	"?",
	"12345678 digits first",
	"hello",
	"Summarise the plot of a short story about a lighthouse keeper in two sentences.",
	" leading space",
	"trailing space ",
	"double  space",
	"tab\tseparated",
	"line\nbreak",
	"vertical\vtab and\fform feed and\rreturn",
	"non-breaking\u00a0space",
	"ideographic\u3000space",
	"héllo wörld",
	strings.Repeat("w ", 23) + "w",
	strings.Repeat("w ", 24) + "w",
	strings.Repeat("w ", 30),
	"the TOPIC is here",
	"TEXT: something",
	"a ```fenced``` block",
	"Conversation Start Time: 9am",
	"# Taxonomy",
	"should_split?",
	"Partial Analysis Results: none",
	"Existing Topics: a, b",
	"Total Paragraphs: 3",
	"category_ID",
	"atomiC",
	"ato mic",
	"t",
	"te",
	"tex",
}

func TestMaybeEverOSMatchesPlainCheck(t *testing.T) {
	for _, text := range fastPathTexts {
		msgs := []chatMessage{{text: "system prompt"}, {text: text}}
		if got, want := maybeEverOS(msgs), refMaybeEverOS(msgs); got != want {
			t.Errorf("maybeEverOS(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestEchoAnswerMatchesFields(t *testing.T) {
	for _, text := range fastPathTexts {
		got, quoted := echoAnswer(0xd6a51424d1d5df6b, text)
		if want := refEchoAnswer(0xd6a51424d1d5df6b, text); got != want {
			t.Errorf("echoAnswer(%q) = %q, want %q", text, got, want)
		}
		checkEchoTokens(t, text, got, quoted)
	}
}

// checkEchoTokens: an answer that quotes text as it is counts as many
// tokens as echoTokens says, without counting it again.
func checkEchoTokens(t *testing.T, text, answer string, quoted bool) {
	t.Helper()
	if !quoted {
		return
	}
	if got, want := echoTokens(text, countTokens(text)), countTokens(answer); got != want {
		t.Fatalf("echoTokens(%q) = %d, countTokens of its answer %q = %d", text, got, answer, want)
	}
}

func TestDigestMatchesFNV(t *testing.T) {
	for _, seed := range []int64{0, 1, -1, 42, 1 << 62, -1 << 63} {
		for _, text := range fastPathTexts {
			got := digest(seed, []byte(text), []byte("second part"))
			if want := refDigest(seed, []byte(text), []byte("second part")); got != want {
				t.Errorf("digest(%d, %q, ...) = %x, want %x", seed, text, got, want)
			}
		}
		if got, want := digest(seed), refDigest(seed); got != want {
			t.Errorf("digest(%d) = %x, want %x", seed, got, want)
		}
	}
}

func FuzzFastPathsMatchPlain(f *testing.F) {
	for _, text := range fastPathTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		msgs := []chatMessage{{text: text}}
		if got, want := maybeEverOS(msgs), refMaybeEverOS(msgs); got != want {
			t.Fatalf("maybeEverOS(%q) = %v, want %v", text, got, want)
		}
		got, quoted := echoAnswer(1, text)
		if want := refEchoAnswer(1, text); got != want {
			t.Fatalf("echoAnswer(%q) = %q, want %q", text, got, want)
		}
		checkEchoTokens(t, text, got, quoted)
		seed := int64(len(text)) * -7919
		if got, want := digest(seed, []byte(text)), refDigest(seed, []byte(text)); got != want {
			t.Fatalf("digest(%d, %q) = %x, want %x", seed, text, got, want)
		}
	})
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestReadBodyLimit(t *testing.T) {
	tests := []struct {
		name          string
		size          int
		contentLength int64
		limit         int64
		wantErr       bool
	}{
		{name: "empty", size: 0, contentLength: 0, limit: 10},
		{name: "under, length known", size: 5, contentLength: 5, limit: 10},
		{name: "at limit, length known", size: 10, contentLength: 10, limit: 10},
		{name: "at limit, length unknown", size: 10, contentLength: -1, limit: 10},
		{name: "one over", size: 11, contentLength: -1, limit: 10, wantErr: true},
		{name: "far over", size: 5000, contentLength: -1, limit: 10, wantErr: true},
		{name: "far over, length claimed small", size: 5000, contentLength: 3, limit: 10, wantErr: true},
		{name: "big, grows past the first buffer", size: 3000, contentLength: -1, limit: 4096},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := bytes.Repeat([]byte("x"), tt.size)
			cr := &countingReader{r: bytes.NewReader(want)}
			got, err := readBody(cr, tt.contentLength, tt.limit)
			if cr.n > int(tt.limit)+1 {
				t.Errorf("read %d bytes with a limit of %d", cr.n, tt.limit)
			}
			if tt.wantErr {
				var mbe *http.MaxBytesError
				if !errors.As(err, &mbe) || mbe.Limit != tt.limit {
					t.Fatalf("err %v, want a MaxBytesError with limit %d", err, tt.limit)
				}
				return
			}
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("got %d bytes, err %v; want %d bytes", len(got), err, len(want))
			}
		})
	}
}

func TestInternTable(t *testing.T) {
	var tab internTable
	names := []string{"", "m", "gpt-4o-mini", "text-embedding-3-small", "qwen2.5:7b", "héllo"}
	for range 3 { // first round fills the slots, later ones hit them
		for _, n := range names {
			if got := tab.intern([]byte(n)); got != n {
				t.Fatalf("intern(%q) = %q", n, got)
			}
		}
	}
	b := []byte("gpt-4o-mini")
	tab.intern(b)
	if n := testing.AllocsPerRun(100, func() { tab.intern(b) }); n != 0 {
		t.Errorf("intern of a cached name: %v allocations, want 0", n)
	}
	// Names sharing a slot replace each other and stay correct.
	for i := range 200 {
		n := strconv.Itoa(i)
		if got := tab.intern([]byte(n)); got != n {
			t.Fatalf("intern(%q) = %q", n, got)
		}
	}
}

func TestInternTableConcurrent(t *testing.T) {
	var tab internTable
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 500 {
				n := "model-" + strconv.Itoa((i*7+g)%40)
				if got := tab.intern([]byte(n)); got != n {
					t.Errorf("intern(%q) = %q", n, got)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestResponseHeader: an answer's headers, as Header builds them and as
// the pipeline sets them, for each kind of answer.
func TestResponseHeader(t *testing.T) {
	json := &Response{Status: 200, Body: []byte(`{"a":1}`), requestID: "req_1", length: "7"}
	stream := &Response{Status: 200, Events: [][]byte{[]byte(doneEvent)}, contentType: contentTypeSSE, requestID: "req_2"}
	chunked := &Response{Status: 200, Body: []byte(`{}`), chunked: true}
	replaced := &Response{Status: 500, Body: []byte(`{"error":"much longer"}`), length: "2"}
	replaced.length = "" // as replaceBody leaves it
	tests := []struct {
		name string
		r    *Response
		want http.Header
	}{
		{"json", json, http.Header{"Content-Type": {contentTypeJSON}, "Content-Length": {"7"}, "X-Request-Id": {"req_1"}}},
		{"stream", stream, http.Header{"Content-Type": {contentTypeSSE}, "Cache-Control": {"no-cache"}, "X-Request-Id": {"req_2"}}},
		{"chunked", chunked, http.Header{"Content-Type": {contentTypeJSON}}},
		{"length from the body", replaced, http.Header{"Content-Type": {contentTypeJSON}, "Content-Length": {"23"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Header(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Header() = %v, want %v", got, tt.want)
			}
			// An Add to one header does not spill into the next one's value.
			h := http.Header{}
			var vals headerValues
			tt.r.setHeaders(h, &vals)
			for k := range tt.want {
				h.Add(k, "added")
			}
			for k, v := range tt.want {
				if want := append(slices.Clone(v), "added"); !reflect.DeepEqual(h[k], want) {
					t.Errorf("after Add, %s = %v, want %v", k, h[k], want)
				}
			}
			// An action's own header wins.
			h = http.Header{"Content-Type": {"text/plain"}}
			tt.r.setHeaders(h, &vals)
			if got := h["Content-Type"]; !reflect.DeepEqual(got, []string{"text/plain"}) {
				t.Errorf("the action's Content-Type became %v", got)
			}
		})
	}
}
