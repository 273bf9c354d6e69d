package profile

import (
	"encoding/json"
	"strings"
	"testing"
)

func docVars() Vars {
	return Vars{Doc: &Doc{Ordinal: 7, Title: `Say "hi"`, Text: "line one\nline \"two\"\t\\", Category: "", Filename: "a b.md", UUID: DocUUID(42, 7)},
		Launch: func(n string) (string, bool) {
			m := map[string]string{"llm_url": "http://127.0.0.1:9/x", "port.http": "8080"}
			v, ok := m[n]
			return v, ok
		}}
}

func TestRenderModes(t *testing.T) {
	tests := []struct {
		name string
		give string
		mode mode
		want string
	}{
		{"json strings are escaped values", `{"t": {{title}}, "x": {{text}}}`, modeJSON, `{"t": "Say \"hi\"", "x": "line one\nline \"two\"\t\\"}`},
		{"json ordinal is a number", `{"n": {{ordinal}}}`, modeJSON, `{"n": 7}`},
		{"json launcher value is a string", `{"u": {{llm_url}}}`, modeJSON, `{"u": "http://127.0.0.1:9/x"}`},
		{"path escapes document values", `/docs/{{filename}}/{{ordinal}}`, modePath, `/docs/a%20b.md/7`},
		{"path keeps launcher values", `http://127.0.0.1:{{port.http}}/x`, modePath, `http://127.0.0.1:8080/x`},
		{"text is verbatim", `{{title}}`, modeText, `Say "hi"`},
		{"empty category", `[{{category}}]`, modeText, `[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := render(tt.give, tt.mode, docVars())
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("render(%q) = %q, want %q", tt.give, got, tt.want)
			}
		})
	}
}

func TestRenderJSONBodyStaysValid(t *testing.T) {
	out, err := render(`{"title": {{title}}, "text": {{text}}, "id": {{doc_uuid}}}`, modeJSON, docVars())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	if got["text"] != docVars().Doc.Text || got["title"] != docVars().Doc.Title {
		t.Errorf("round trip lost the document: %q", got)
	}
}

func TestRenderUnknown(t *testing.T) {
	_, err := render(`{{nope}}`, modeText, docVars())
	if err == nil || !strings.Contains(err.Error(), "unknown placeholder {{nope}}") {
		t.Fatalf("err = %v", err)
	}
}

func TestDocUUID(t *testing.T) {
	a, b := DocUUID(1, 1), DocUUID(1, 2)
	if a == b || a != DocUUID(1, 1) {
		t.Fatalf("uuids %s %s: want fixed by seed and ordinal, distinct", a, b)
	}
	if len(a) != 36 || a[14] != '4' || !strings.ContainsAny(a[19:20], "89ab") {
		t.Errorf("%s is not version-4 shaped", a)
	}
}

func FuzzRenderJSON(f *testing.F) {
	f.Add(`{"t": {{title}}}`, "x\"y\n")
	f.Add(`[{{ordinal}}, {{text}}]`, "\x00\u2028")
	f.Fuzz(func(t *testing.T, tmpl, text string) {
		v := docVars()
		v.Doc.Text, v.Doc.Title = text, text
		if checkJSONTemplate(tmpl, DocNames) != nil {
			return
		}
		out, err := render(tmpl, modeJSON, v)
		if err != nil {
			t.Fatalf("checked template %q failed to render: %v", tmpl, err)
		}
		if !json.Valid([]byte(out)) {
			t.Fatalf("template %q valid with sample values, invalid with %q: %s", tmpl, text, out)
		}
	})
}
