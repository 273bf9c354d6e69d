package server

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBadUploadsWriteNothing(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxUploadBytes = 64 << 10 })
	withField := func(fm form, k, v string) form { fm.fields = append(fm.fields, [2]string{k, v}); return fm }
	good := doc("Good title", sampleDoc)
	tests := []struct {
		name   string
		give   func() (string, []byte)
		status int
		code   string
	}{
		{"no file", enc(form{fields: [][2]string{{"title", "T"}}, noFile: true}), 422, "VALIDATION_ERROR"},
		{"empty file", enc(doc("T", "")), 422, "VALIDATION_ERROR"},
		{"no title", enc(form{file: []byte(sampleDoc), fileName: "a.md"}), 422, "VALIDATION_ERROR"},
		{"title without word char", enc(doc("?!- ...", sampleDoc)), 422, "VALIDATION_ERROR"},
		{"title traversal", enc(doc("../../etc/passwd", sampleDoc)), 400, "PATH_TRAVERSAL"},
		{"title absolute", enc(doc("/etc/passwd", sampleDoc)), 400, "PATH_TRAVERSAL"},
		{"title NUL", enc(doc("a\x00b", sampleDoc)), 400, "PATH_TRAVERSAL"},
		{"title invalid utf8", enc(doc("caf\xe9", sampleDoc)), 422, "VALIDATION_ERROR"},
		{"category traversal", enc(withField(good, "category_id", "../../x")), 400, "PATH_TRAVERSAL"},
		{"category absolute", enc(withField(good, "category_id", "/tmp")), 400, "PATH_TRAVERSAL"},
		{"project NUL", enc(withField(good, "project_id", "p\x00q")), 400, "PATH_TRAVERSAL"},
		{"filename traversal", enc(form{fields: good.fields, file: good.file, fileName: "../../../evil.md"}), 400, "PATH_TRAVERSAL"},
		{"filename absolute", enc(form{fields: good.fields, file: good.file, fileName: "/etc/cron.d/x"}), 400, "PATH_TRAVERSAL"},
		{"file invalid utf8", enc(doc("T", "ok\xff\xfe")), 422, "VALIDATION_ERROR"},
		{"oversize", enc(doc("T", strings.Repeat("a", 65<<10))), 413, "PAYLOAD_TOO_LARGE"},
		{"field too long", enc(doc(strings.Repeat("t", 5000), sampleDoc)), 422, "VALIDATION_ERROR"},
		{"two files", twoFiles, 422, "VALIDATION_ERROR"},
		{"malformed multipart", func() (string, []byte) {
			return "multipart/form-data; boundary=xyz", []byte("--xyz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--xy")
		}, 400, "MALFORMED_REQUEST"},
		{"no boundary", func() (string, []byte) { return "multipart/form-data", []byte("x") }, 400, "MALFORMED_REQUEST"},
		{"bad content type", func() (string, []byte) { return "multipart/form-data; boundary=\"", []byte("x") }, 400, "MALFORMED_REQUEST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, body := tt.give()
			r := f.mustDo("POST", "/api/v1/knowledge/documents", ct, body)
			if r.Status != tt.status || r.Env.Error == nil || r.Env.Error.Code != tt.code {
				t.Fatalf("%d %s; want %d %s", r.Status, r.Body, tt.status, tt.code)
			}
			if files := f.dataFiles(); len(files) > 0 {
				t.Errorf("files written: %v", files)
			}
			if l := f.list(); l.Total != 0 {
				t.Errorf("%d documents stored", l.Total)
			}
		})
	}
}

func enc(fm form) func() (string, []byte) { return fm.encode }

func twoFiles() (string, []byte) {
	ct, body := doc("T", sampleDoc).encode()
	boundary := ct[strings.Index(ct, "boundary=")+len("boundary="):]
	extra := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.md\"\r\n\r\nmore\r\n"
	i := bytes.LastIndex(body, []byte("--"+boundary+"--"))
	return ct, append(append(append([]byte{}, body[:i]...), extra...), body[i:]...)
}

// The LLM answers 200 with content that is not the topic tree.
func TestLLMGarbageIsExtractionEmpty(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.LLMTransport = garbageChat{base: http.DefaultTransport}
	})
	r := f.upload(doc("Garbage in", sampleDoc))
	if r.Status != 422 || r.Env.Error == nil || r.Env.Error.Code != "EXTRACTION_EMPTY" {
		t.Fatalf("%d %s; want 422 EXTRACTION_EMPTY", r.Status, r.Body)
	}
	if files := f.dataFiles(); len(files) > 0 || f.list().Total != 0 {
		t.Errorf("something was written: %v", files)
	}
}

// garbageChat answers every chat completion with prose instead of JSON.
type garbageChat struct{ base http.RoundTripper }

func (g garbageChat) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/chat/completions") {
		return g.base.RoundTrip(req)
	}
	_, _ = io.Copy(io.Discard, req.Body)
	body := `{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Sure! The topics are: cats, and also dogs."},"finish_reason":"stop"}]}`
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

// A client that never finishes its headers is cut off after
// ReadHeaderTimeout instead of holding a connection forever.
func TestSlowHeadersAreCutOff(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.ReadHeaderTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("POST /api/v1/knowledge/documents HTTP/1.1\r\nHost: x\r\nX-Slow: ")); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("connection still open after %v; want it closed by ReadHeaderTimeout", time.Since(start))
	}
	// The server is still serving everyone else.
	if r := f.mustDo("GET", "/health", "", nil); r.Status != 200 {
		t.Errorf("health after a slow client: %d", r.Status)
	}
}

func FuzzParseUpload(f *testing.F) {
	ct, body := doc("Seed title", sampleDoc).encode()
	boundary := ct[strings.Index(ct, "boundary=")+len("boundary="):]
	f.Add(boundary, body)
	f.Add("xyz", []byte("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../a\"\r\n\r\nhi\r\n--xyz--\r\n"))
	f.Add("b", []byte("--b\r\n\r\n--b--"))
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, boundary string, body []byte) {
		u, err := parseUpload("multipart/form-data; boundary=\""+boundary+"\"", io.LimitReader(bytes.NewReader(body), 1<<20))
		if err != nil {
			if p := classify(err); p.status() >= 500 {
				t.Fatalf("parse error %v classified as %d", err, p.status())
			}
			return
		}
		_ = u
	})
}
