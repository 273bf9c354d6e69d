package profile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinEveros(t *testing.T) {
	p, err := Builtin(Everos)
	if err != nil {
		t.Fatal(err)
	}
	if p.Ingest.Multipart == nil || p.State.Series == nil || p.State.List == nil || p.Health.Paths[0] != "/health" {
		t.Errorf("everos profile %+v", p)
	}
	if _, err := Builtin("nope"); err == nil || !strings.Contains(err.Error(), `no built-in API profile "nope" (have everos)`) {
		t.Errorf("err = %v", err)
	}
}

func TestExampleProfilesLoad(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*/*.api.yaml")
	if len(files) == 0 {
		t.Fatal("no example profiles found")
	}
	for _, f := range files {
		if _, err := Load(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestDecodeErrorsArePositioned(t *testing.T) {
	src := []byte(`name: x
ingest:
  path: /docs/{{titel}}
  json: '{"t": {{title}}}'
  accepted: [201]
  id: {pointer: "doc_id"}
  bogus: 1
state:
  count: {path: /n, done: /n}
`)
	_, err := Decode("p.yaml", src)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`p.yaml:7:3: ingest: unknown key "bogus"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error:\n%v\nwant %q", err, want)
		}
	}
	src = []byte(strings.Replace(string(src), "  bogus: 1\n", "", 1))
	_, err = Decode("p.yaml", src)
	for _, want := range []string{`p.yaml:3:9: ingest.path: unknown placeholder {{titel}}`, `p.yaml:6:17: ingest.id.pointer: JSON pointer "doc_id" must start with '/'`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error:\n%v\nwant %q", err, want)
		}
	}
}

func TestInvalidProfileFiles(t *testing.T) {
	tests := []struct{ give, want string }{
		{"invalid-profile-no-state.yaml", "testdata/invalid-profile-no-state.yaml:1:1: state: needs a source: series, list, document or count"},
		{"invalid-profile-quoted-json.yaml", "testdata/invalid-profile-quoted-json.yaml:4:9: ingest.json: does not render valid JSON"},
		{"invalid-profile-both-bodies.yaml", "testdata/invalid-profile-both-bodies.yaml:5:14: ingest.multipart: give json or multipart, not both"},
		{"invalid-profile-setup-doc-var.yaml", "testdata/invalid-profile-setup-doc-var.yaml:3:11: setup[0].path: unknown placeholder {{title}}"},
		{"invalid-profile-list-pointer.yaml", "testdata/invalid-profile-list-pointer.yaml:9:13: state.list.status: JSON pointer \"status\" must start with '/'"},
		{"invalid-profile-not-yaml.yaml", "testdata/invalid-profile-not-yaml.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", tt.give))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load: %v\nwant %q", err, tt.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range Names() {
		src, _ := builtinFS.ReadFile("builtin/" + name + ".yaml")
		f.Add(src)
	}
	examples, _ := filepath.Glob("../../examples/*/*.api.yaml")
	for _, file := range examples {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Decode("f.yaml", src)
		if err == nil && len(p.Validate()) > 0 {
			t.Fatalf("decoded profile fails validation: %v", p.Validate())
		}
	})
}
