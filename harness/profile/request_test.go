package profile

import (
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
)

func jsonProfile() *Profile {
	p := &Profile{
		Name:  "j",
		Setup: []Request{{Path: "/v1/schema", JSON: `{"base": {{llm_url}}}`, Status: []int{200}}},
		Ingest: Ingest{Path: "/v1/objects", JSON: `{"id": {{doc_uuid}}, "properties": {"title": {{title}}, "text": {{text}}, "n": {{ordinal}}}}`,
			Accepted: []int{200}, ID: IDSource{Template: "{{doc_uuid}}"}, Error: []string{"/error/0/message"}},
		State:  State{Document: &DocumentState{Path: "/v1/objects/C/{{doc_id}}", Done: []string{"200"}}},
		Health: Health{Paths: []string{"/v1/.well-known/ready"}},
	}
	if probs := p.Validate(); len(probs) > 0 {
		panic(probs)
	}
	return p
}

func TestIngestJSON(t *testing.T) {
	p, v := jsonProfile(), docVars()
	b, err := p.IngestRequest("http://127.0.0.1:1/", v, "bnd")
	if err != nil {
		t.Fatal(err)
	}
	if b.Method != "POST" || b.URL != "http://127.0.0.1:1/v1/objects" || b.Header.Get("Content-Type") != "application/json" {
		t.Errorf("built %s %s %v", b.Method, b.URL, b.Header)
	}
	var body struct {
		ID    string         `json:"id"`
		Props map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(b.Body, &body); err != nil {
		t.Fatalf("%s: %v", b.Body, err)
	}
	if body.ID != v.Doc.UUID || body.Props["text"] != v.Doc.Text || body.Props["n"] != float64(7) {
		t.Errorf("body %s", b.Body)
	}
	a := p.ReadAnswer(200, []byte(`{}`), v)
	if !a.Accepted || a.ID != v.Doc.UUID || a.Error != "" {
		t.Errorf("answer %+v", a)
	}
	r := p.ReadAnswer(422, []byte(`{"error":[{"message":"bad vector"}]}`), v)
	if r.Accepted || r.Error != "bad vector" {
		t.Errorf("rejected answer %+v", r)
	}
}

func TestIngestMultipart(t *testing.T) {
	p := &Profile{Ingest: Ingest{Path: "/api/v1/knowledge/documents",
		Multipart: &Multipart{Fields: map[string]string{"title": "{{title}}", "category_id": "{{category}}"}},
		Accepted:  []int{201}, ID: IDSource{Pointer: "/data/doc_id"}}, State: State{Count: &CountState{Path: "/n", Done: "/n"}}}
	if probs := p.Validate(); len(probs) > 0 {
		t.Fatal(probs)
	}
	v := docVars()
	b, err := p.IngestRequest("http://h", v, "hangar-upload-00000007")
	if err != nil {
		t.Fatal(err)
	}
	again, _ := p.IngestRequest("http://h", v, "hangar-upload-00000007")
	if string(again.Body) != string(b.Body) {
		t.Error("same document and boundary gave different bytes")
	}
	_, params, err := mime.ParseMediaType(b.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(strings.NewReader(string(b.Body)), params["boundary"])
	got := map[string]string{}
	for {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(part)
		got[part.FormName()+"|"+part.FileName()] = string(data)
	}
	want := map[string]string{"file|a b.md": v.Doc.Text, "title|": v.Doc.Title}
	if len(got) != len(want) || got["file|a b.md"] != want["file|a b.md"] || got["title|"] != want["title|"] {
		t.Errorf("parts %q, want %q (empty category left out)", got, want)
	}
	a := p.ReadAnswer(201, []byte(`{"request_id":"r","data":{"doc_id":"d_0123456789ab"}}`), v)
	if !a.Accepted || a.ID != "d_0123456789ab" {
		t.Errorf("answer %+v", a)
	}
	if a := p.ReadAnswer(201, []byte(`{"data":{}}`), v); !a.Accepted || a.Error != "id: no value at /data/doc_id" {
		t.Errorf("answer without id %+v", a)
	}
}

func TestSetupRequest(t *testing.T) {
	p := jsonProfile()
	b, err := p.SetupRequest(0, "http://127.0.0.1:2", Vars{Launch: docVars().Launch})
	if err != nil {
		t.Fatal(err)
	}
	if b.Method != "POST" || string(b.Body) != `{"base": "http://127.0.0.1:9/x"}` || p.Setup[0].Name != "setup[0] POST /v1/schema" {
		t.Errorf("%s %s %s (%s)", b.Method, b.URL, b.Body, p.Setup[0].Name)
	}
}

func FuzzReadAnswer(f *testing.F) {
	p, err := Builtin(Everos)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(201, []byte(`{"request_id":"r","data":{"doc_id":"d_0123456789ab"}}`))
	f.Add(503, []byte(`{"request_id":"r","error":{"code":"X","message":"y"}}`))
	f.Add(201, []byte(`not json`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		a := p.ReadAnswer(status, body, Vars{})
		if !a.Accepted && a.ID != "" {
			t.Fatalf("a rejected answer with id %q from %d %q", a.ID, status, body)
		}
		if a.Accepted != (status == 201) {
			t.Fatalf("accepted %v for status %d", a.Accepted, status)
		}
	})
}

func TestEverosErrorText(t *testing.T) {
	p, _ := Builtin(Everos)
	tests := []struct{ name, body, want string }{
		{"code and message", `{"error":{"code":"LLM_TIMEOUT","message":"upstream slow"}}`, "LLM_TIMEOUT: upstream slow"},
		{"message only", `{"error":{"message":"m"}}`, "m"},
		{"not json", `oops`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.ReadAnswer(503, []byte(tt.body), Vars{}).Error; got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
		})
	}
}
