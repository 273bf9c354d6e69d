package server

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

var reqIDPattern = regexp.MustCompile(`^req_[0-9a-f]{16}$`)

func TestUploadContract(t *testing.T) {
	f := newFixture(t, nil)
	f.requireExtraction()
	fm := doc("Hangar Overview", sampleDoc)
	fm.fields = append(fm.fields, [2]string{"app_id", "app1"}, [2]string{"project_id", "proj1"})
	r := f.upload(fm)
	if r.Status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if !reqIDPattern.MatchString(r.Env.RequestID) || r.Header.Get("X-Request-ID") != r.Env.RequestID {
		t.Errorf("request_id %q / header %q", r.Env.RequestID, r.Header.Get("X-Request-ID"))
	}
	var raw map[string]any
	_ = json.Unmarshal(r.Env.Data, &raw)
	for _, k := range []string{"doc_id", "category_id", "topic_count", "source_name", "md_path", "original_file_path"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("201 data lacks %q: %s", k, r.Env.Data)
		}
	}
	c := decodeData[created](t, r)
	if !store.ValidDocID(c.DocID) || c.TopicCount < 1 || c.SourceName != "doc.md" {
		t.Errorf("created = %+v", c)
	}
	wantDir := filepath.Join(f.cfg.DataDir, "app1", "proj1", "knowledge", c.CategoryID, "hangar_overview_"+c.DocID)
	if filepath.Dir(c.MDPath) != wantDir {
		t.Errorf("md_path %s, want in %s", c.MDPath, wantDir)
	}
	if b, err := os.ReadFile(c.OriginalFilePath); err != nil || string(b) != sampleDoc {
		t.Errorf("original file: %q, %v", b, err)
	}

	dup := f.upload(fm)
	if dup.Status != http.StatusOK || decodeData[created](t, dup).DocID != c.DocID {
		t.Errorf("duplicate upload: %d %s; want 200 with doc %s", dup.Status, dup.Body, c.DocID)
	}
	if n := len(f.dataFiles()); n != 2 {
		t.Errorf("%d files on disk after a duplicate, want 2", n)
	}
}

func TestDocumentsLifecycle(t *testing.T) {
	f := newFixture(t, nil)
	f.requireExtraction()
	var ids []string
	for _, title := range []string{"Alpha notes", "Beta notes", "Gamma notes"} {
		r := f.upload(doc(title, sampleDoc+"\n\n"+title))
		if r.Status != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", title, r.Status, r.Body)
		}
		ids = append(ids, decodeData[created](t, r).DocID)
	}
	l := f.waitIndexed(3, 20*time.Second)
	if l.Total != 3 || l.Page != 1 || l.PageSize != 100 || len(l.Documents) != 3 {
		t.Fatalf("list = %+v", l)
	}
	page := decodeData[listJSON](t, f.mustDo("GET", "/api/v1/knowledge/documents?page=2&page_size=2", "", nil))
	if page.Total != 3 || len(page.Documents) != 1 {
		t.Errorf("page 2 of size 2: total %d, %d documents; want 3, 1", page.Total, len(page.Documents))
	}

	one := f.mustDo("GET", "/api/v1/knowledge/documents/"+ids[0], "", nil)
	d := decodeData[documentJSON](t, one)
	if one.Status != 200 || d.DocID != ids[0] || d.Status != "indexed" || len(d.Topics) != d.TopicCount {
		t.Errorf("get: %d %+v", one.Status, d)
	}

	sr := f.mustDo("POST", "/api/v1/knowledge/search", "application/json", []byte(`{"query":"Beta notes","top_k":5}`))
	hits := decodeData[searchJSON](t, sr)
	if sr.Status != 200 || hits.Total == 0 || hits.Total > 5 || len(hits.Hits) != hits.Total {
		t.Errorf("search: %d %s", sr.Status, sr.Body)
	}

	del := f.mustDo("DELETE", "/api/v1/knowledge/documents/"+ids[0], "", nil)
	if del.Status != 200 {
		t.Fatalf("delete: %d %s", del.Status, del.Body)
	}
	if _, err := os.Stat(filepath.Dir(d.MDPath)); !os.IsNotExist(err) {
		t.Errorf("document dir still there after delete: %v", err)
	}
	for _, m := range []string{"GET", "DELETE"} {
		if r := f.mustDo(m, "/api/v1/knowledge/documents/"+ids[0], "", nil); r.Status != 404 || r.Env.Error.Code != "NOT_FOUND" {
			t.Errorf("%s after delete: %d %s", m, r.Status, r.Body)
		}
	}
}

func TestErrorEnvelope(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name, method, path, ct, body string
		status                       int
		code                         string
	}{
		{"unknown route", "GET", "/api/v1/nope", "", "", 404, "NOT_FOUND"},
		{"wrong method", "PUT", "/api/v1/knowledge/documents", "", "", 405, "METHOD_NOT_ALLOWED"},
		{"malformed doc id", "GET", "/api/v1/knowledge/documents/..%2f..%2fetc", "", "", 404, "NOT_FOUND"},
		{"unknown doc id", "GET", "/api/v1/knowledge/documents/d_0123456789ab", "", "", 404, "NOT_FOUND"},
		{"page size over 100", "GET", "/api/v1/knowledge/documents?page_size=101", "", "", 422, "VALIDATION_ERROR"},
		{"page zero", "GET", "/api/v1/knowledge/documents?page=0", "", "", 422, "VALIDATION_ERROR"},
		{"search without query", "POST", "/api/v1/knowledge/search", "application/json", `{"top_k":3}`, 422, "VALIDATION_ERROR"},
		{"search top_k 0", "POST", "/api/v1/knowledge/search", "application/json", `{"query":"x","top_k":0}`, 422, "VALIDATION_ERROR"},
		{"search unknown key", "POST", "/api/v1/knowledge/search", "application/json", `{"query":"x","k":1}`, 400, "MALFORMED_REQUEST"},
		{"search not json", "POST", "/api/v1/knowledge/search", "application/json", `query=x`, 400, "MALFORMED_REQUEST"},
		{"upload not multipart", "POST", "/api/v1/knowledge/documents", "application/json", `{}`, 415, "UNSUPPORTED_MEDIA_TYPE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.mustDo(tt.method, tt.path, tt.ct, []byte(tt.body))
			e := r.Env.Error
			if r.Status != tt.status || e == nil || e.Code != tt.code {
				t.Fatalf("%d %s; want %d %s", r.Status, r.Body, tt.status, tt.code)
			}
			if e.Message == "" || e.Path == "" || !reqIDPattern.MatchString(r.Env.RequestID) {
				t.Errorf("incomplete envelope: %s", r.Body)
			}
			if _, err := time.Parse(time.RFC3339Nano, e.Timestamp); err != nil {
				t.Errorf("timestamp %q: %v", e.Timestamp, err)
			}
		})
	}
}

func TestHealthAndAdmin(t *testing.T) {
	f := newFixture(t, nil)
	for _, u := range []string{f.srv.URL() + "/health", f.srv.AdminURL() + "/health", f.srv.AdminURL() + "/ready"} {
		resp, err := f.c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		var b map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&b)
		resp.Body.Close()
		if resp.StatusCode != 200 || b["status"] != "ok" {
			t.Errorf("GET %s: %d %v", u, resp.StatusCode, b)
		}
	}
	resp, err := f.c.Get(f.srv.AdminURL() + "/debug/pprof/goroutine?debug=1")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("pprof: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = f.c.Get(f.srv.AdminURL() + "/debug/pprof/goroutineleak")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(resp)
	if leakProfileBuilt() != (resp.StatusCode == 200) {
		t.Errorf("goroutineleak: %d %s (profile built in: %v)", resp.StatusCode, body, leakProfileBuilt())
	}
}
