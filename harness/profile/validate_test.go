package profile

import (
	"strings"
	"testing"
)

func TestValidateProblems(t *testing.T) {
	tests := []struct {
		name string
		give func(p *Profile)
		want string
	}{
		{"unknown placeholder in ingest", func(p *Profile) { p.Ingest.Path = "/x/{{titel}}" }, "ingest.path: unknown placeholder {{titel}}"},
		{"quoted json placeholder", func(p *Profile) { p.Ingest.JSON = `{"t": "{{title}}"}` }, "ingest.json: does not render valid JSON"},
		{"doc placeholder in setup", func(p *Profile) { p.Setup[0].Path = "/{{title}}" }, "setup[0].path: unknown placeholder {{title}}"},
		{"bad pointer", func(p *Profile) { p.Ingest.ID = IDSource{Pointer: "data/id"} }, `ingest.id.pointer: JSON pointer "data/id" must start with '/'`},
		{"both id sources", func(p *Profile) { p.Ingest.ID.Pointer = "/id" }, "ingest.id: give exactly one of pointer"},
		{"no body", func(p *Profile) { p.Ingest.JSON = "" }, "ingest: needs a body: json or multipart"},
		{"no accepted", func(p *Profile) { p.Ingest.Accepted = nil }, "ingest.accepted: required"},
		{"bad status", func(p *Profile) { p.Ingest.Accepted = []int{2000} }, "ingest.accepted[0]: HTTP status 2000 is not in 100..599"},
		{"no state", func(p *Profile) { p.State = State{} }, "state: needs a source"},
		{"document path without id", func(p *Profile) { p.State.Document.Path = "/v1/objects" }, "state.document.path: must name the document: {{doc_id}}"},
		{"bad method", func(p *Profile) { p.Ingest.Method = "SEND" }, `ingest.method: method "SEND": want GET, POST, PUT, PATCH or DELETE`},
		{"malformed placeholder", func(p *Profile) { p.Admin.Pprof = "http://x/{{port.pprof" }, `admin.pprof: unclosed "{{"`},
		{"bad header", func(p *Profile) { p.Ingest.Headers = map[string]string{"a b": "x"} }, `ingest.headers.a b: invalid header name "a b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := jsonProfile()
			tt.give(p)
			var msgs []string
			for _, pr := range p.Validate() {
				msgs = append(msgs, pr.Path+": "+pr.Msg)
			}
			all := strings.Join(msgs, "\n")
			if !strings.Contains(all, tt.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", all, tt.want)
			}
		})
	}
}
