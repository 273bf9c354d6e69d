package containerstest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// HTTPClient bounds every request the helpers make.
var HTTPClient = &http.Client{Timeout: 10 * time.Second}

// Document is the part of a server document the tests read.
type Document struct {
	DocID      string `json:"doc_id"`
	Status     string `json:"status"`
	TopicCount int    `json:"topic_count"`
	LastError  string `json:"last_error"`
}

// Upload posts a markdown document and returns its doc_id.
func Upload(t testing.TB, base, name, body string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, body)
	mw.WriteField("title", strings.TrimSuffix(name, ".md"))
	mw.Close()
	resp, err := HTTPClient.Post(base+"/api/v1/knowledge/documents", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct{ Data Document }
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %s: %s", resp.Status, raw)
	}
	if err := json.Unmarshal(raw, &env); err != nil || env.Data.DocID == "" {
		t.Fatalf("upload: bad body %s (%v)", raw, err)
	}
	return env.Data.DocID
}

// WaitStatus polls the document until it has status want, or ctx ends.
func WaitStatus(t testing.TB, ctx context.Context, base, id, want string) Document {
	t.Helper()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last Document
	for {
		var env struct{ Data Document }
		GetJSON(t, base+"/api/v1/knowledge/documents/"+id, &env)
		last = env.Data
		if last.Status == want {
			return last
		}
		select {
		case <-ctx.Done():
			t.Fatalf("document %s: status %q (last error %q), want %q before %v", id, last.Status, last.LastError, want, ctx.Err())
		case <-tick.C:
		}
	}
}

// GetJSON decodes a 200 answer into v.
func GetJSON(t testing.TB, url string, v any) {
	t.Helper()
	resp, err := HTTPClient.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", url, resp.Status, raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, raw)
	}
}

// TryUpload posts a markdown document and reports what the server said:
// the status, the error code for a failure, the doc_id for a 201. err is a
// transport error (no answer).
func TryUpload(ctx context.Context, base, name, body string) (status int, code, docID string, err error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return 0, "", "", err
	}
	io.WriteString(fw, body)
	mw.WriteField("title", strings.TrimSuffix(name, ".md"))
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/knowledge/documents", &buf)
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := HTTPClient.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	var env struct {
		Data  Document
		Error struct{ Code string }
	}
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &env)
	return resp.StatusCode, env.Error.Code, env.Data.DocID, nil
}
