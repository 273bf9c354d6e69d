package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
	"github.com/hangarhq/hangar/server/ingest"
	"github.com/hangarhq/hangar/server/llm"
	"github.com/hangarhq/hangar/server/store"
)

// testConfig is a fast configuration for in-process servers on loopback.
func testConfig(t testing.TB, llmURL string) Config {
	cfg := DefaultConfig()
	cfg.Addr, cfg.AdminAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.LLMBaseURL = llmURL + "/v1"
	cfg.RequestBudget = 5 * time.Second
	cfg.LLM.AttemptTimeout = 2 * time.Second
	cfg.LLM.BackoffBase, cfg.LLM.BackoffMax = 10*time.Millisecond, 50*time.Millisecond
	cfg.LLM.PoolWait = time.Second
	cfg.Cascade.PollInterval = 50 * time.Millisecond
	cfg.Cascade.BackoffBase, cfg.Cascade.BackoffMax = 20*time.Millisecond, 100*time.Millisecond
	cfg.Cascade.EmbedTimeout, cfg.Cascade.StoreTimeout, cfg.Cascade.Lease = 2*time.Second, 2*time.Second, 10*time.Second
	cfg.Cascade.WatchdogInterval = 0
	return cfg
}

// fixture is a started server against an in-process fake LLM.
type fixture struct {
	t   testing.TB
	llm *fakellm.Server
	srv *Server
	cfg Config
	c   *http.Client
}

func newFixture(t testing.TB, mutate func(*Config)) *fixture {
	t.Helper()
	fl := fakellmtest.NewServer(t, fakellm.Config{Seed: 1, EmbeddingDim: 16})
	cfg := testConfig(t, fl.URL())
	if mutate != nil {
		mutate(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, llm: fl, srv: srv, cfg: cfg, c: &http.Client{Timeout: 30 * time.Second}}
	t.Cleanup(func() {
		f.c.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return f
}

func (f *fixture) plan(yaml string) { fakellmtest.SetPlan(f.t, f.llm, yaml) }

// form is a multipart upload under construction.
type form struct {
	fields   [][2]string
	file     []byte
	fileName string
	noFile   bool
}

func doc(title, content string) form {
	return form{fields: [][2]string{{"title", title}}, file: []byte(content), fileName: "doc.md"}
}

func (fm form) encode() (string, []byte) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, kv := range fm.fields {
		_ = w.WriteField(kv[0], kv[1])
	}
	if !fm.noFile {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, fm.fileName))
		h.Set("Content-Type", "text/markdown")
		p, _ := w.CreatePart(h)
		_, _ = p.Write(fm.file)
	}
	_ = w.Close()
	return w.FormDataContentType(), b.Bytes()
}

// response is a decoded API answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	Env    struct {
		RequestID string          `json:"request_id"`
		Data      json.RawMessage `json:"data"`
		Error     *struct {
			Code         string `json:"code"`
			Message      string `json:"message"`
			Timestamp    string `json:"timestamp"`
			Path         string `json:"path"`
			RetryAfterMS int64  `json:"retry_after_ms"`
		} `json:"error"`
	}
}

func (f *fixture) do(method, path, contentType string, body []byte) (response, error) {
	return f.doCtx(context.Background(), method, path, contentType, body)
}

func (f *fixture) doCtx(ctx context.Context, method, path, contentType string, body []byte) (response, error) {
	req, err := http.NewRequestWithContext(ctx, method, f.srv.URL()+path, bytes.NewReader(body))
	if err != nil {
		return response{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := f.c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	r := response{Status: resp.StatusCode, Header: resp.Header}
	if r.Body, err = io.ReadAll(resp.Body); err != nil {
		return r, err
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(r.Body, &r.Env); err != nil {
			return r, fmt.Errorf("body %q: %w", r.Body, err)
		}
	}
	return r, nil
}

func (f *fixture) mustDo(method, path, contentType string, body []byte) response {
	f.t.Helper()
	r, err := f.do(method, path, contentType, body)
	if err != nil {
		f.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (f *fixture) upload(fm form) response {
	f.t.Helper()
	ct, body := fm.encode()
	return f.mustDo("POST", "/api/v1/knowledge/documents", ct, body)
}

type created struct {
	DocID            string `json:"doc_id"`
	CategoryID       string `json:"category_id"`
	TopicCount       int    `json:"topic_count"`
	SourceName       string `json:"source_name"`
	MDPath           string `json:"md_path"`
	OriginalFilePath string `json:"original_file_path"`
}

func decodeData[T any](t testing.TB, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.Env.Data, &v); err != nil {
		t.Fatalf("data %s: %v", r.Env.Data, err)
	}
	return v
}

func (f *fixture) list() listJSON {
	f.t.Helper()
	r := f.mustDo("GET", "/api/v1/knowledge/documents?page_size=100", "", nil)
	if r.Status != 200 {
		f.t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	return decodeData[listJSON](f.t, r)
}

// waitIndexed polls the list until n documents are indexed.
func (f *fixture) waitIndexed(n int, within time.Duration) listJSON {
	f.t.Helper()
	deadline := time.Now().Add(within)
	for {
		l := f.list()
		done := 0
		for _, d := range l.Documents {
			if d.Status == string(store.StatusIndexed) {
				done++
			}
		}
		if done >= n {
			return l
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("after %v only %d of %d documents indexed: %+v", within, done, n, l.Documents)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dataFiles lists the files under the data dir that are not the database.
func (f *fixture) dataFiles() []string {
	f.t.Helper()
	var out []string
	_ = filepath.WalkDir(f.cfg.DataDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), store.DefaultFileName) {
			out = append(out, p)
		}
		return err
	})
	return out
}

const sampleDoc = "Hangar keeps uploads answered.\n\nThe cascade indexes topics in the background.\n\nHealth stays fast."

// requireExtraction fails the test when the fake LLM does not answer the
// EverAlgo topic-tree prompt with a tree the server's strict parser takes:
// fakellm and server/ingest each define the topic-tree JSON shape on
// purpose (docs/extending.md), and this is where the two meet.
func (f *fixture) requireExtraction() {
	f.t.Helper()
	requireExtractionFrom(f.t, f.srv.llm)
}

func requireExtractionFrom(t testing.TB, c *llm.Client) {
	t.Helper()
	paras := ingest.Paragraphs(sampleDoc)
	system, user := ingest.ExtractionPrompt("Probe", paras)
	answer, err := c.Chat(t.Context(), llm.ChatRequest{Purpose: llm.PurposeExtraction, System: system, User: user, JSON: true})
	if err != nil {
		t.Fatalf("probe extraction call: %v", err)
	}
	if _, err := ingest.ParseExtraction(answer, len(paras)); err != nil {
		t.Fatalf("fakellm's topic tree does not parse as server/ingest's (the two shapes drifted apart): %v", err)
	}
}
