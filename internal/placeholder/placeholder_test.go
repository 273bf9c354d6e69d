package placeholder

import (
	"errors"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	vars := Vars{"port.http": "8080", DataDir: "/tmp/d", LLMURL: "http://127.0.0.1:9"}
	tests := []struct {
		name, give, want, err string
	}{
		{name: "plain", give: "--verbose", want: "--verbose"},
		{name: "port", give: "127.0.0.1:{{port.http}}", want: "127.0.0.1:8080"},
		{name: "spaces and two", give: "{{ data_dir }}/x {{llm_url}}/v1", want: "/tmp/d/x http://127.0.0.1:9/v1"},
		{name: "single braces", give: "{a} }} {", want: "{a} }} {"},
		{name: "unknown", give: "{{port.grpc}}", err: "unknown placeholder {{port.grpc}}"},
		{name: "unclosed", give: "a{{port.http", err: `unclosed "{{"`},
		{name: "bad name", give: "{{Port}}", err: `invalid placeholder "{{Port}}"`},
		{name: "empty", give: "{{}}", err: `invalid placeholder "{{}}"`},
		{name: "triple brace", give: "{{{x}}", err: `invalid placeholder "{{{x}}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Render(tt.give, vars.Lookup)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Render(%q) = %q, %v; want error %q", tt.give, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Render(%q) = %q, %v; want %q", tt.give, got, err, tt.want)
			}
		})
	}
}

func TestUnknownIsErrUnknown(t *testing.T) {
	err := Check("{{nope}}", func(string) bool { return false })
	if !errors.Is(err, ErrUnknown) {
		t.Fatalf("Check = %v, want ErrUnknown", err)
	}
	if err := Check("{{nope}}", func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
}

func TestRefs(t *testing.T) {
	got, err := Refs("{{a}}-{{b.c}}-{{a}}")
	if err != nil || strings.Join(got, ",") != "a,b.c,a" {
		t.Fatalf("Refs = %q, %v", got, err)
	}
}

// FuzzRender: rendering each placeholder back as `{{name}}` reproduces the
// input up to spaces inside braces; rendering with brace-free values
// leaves no `{{`; Refs and Render agree on what is valid.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"", "x", "{{port.http}}", "a{{ data_dir }}b", "{{", "}}{{", "{{{a}}}", "{{a}}{{b}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		refs, rerr := Refs(s)
		echo, err := Render(s, func(n string) (string, bool) { return "{{" + n + "}}", true })
		if (rerr == nil) != (err == nil) {
			t.Fatalf("Refs err %v, Render err %v", rerr, err)
		}
		if err != nil {
			return
		}
		again, err := Render(echo, func(n string) (string, bool) { return "{{" + n + "}}", true })
		if err != nil || again != echo {
			t.Fatalf("echo not stable: %q -> %q -> %q (%v)", s, echo, again, err)
		}
		flat, err := Render(s, func(n string) (string, bool) { return "<" + n + ">", true })
		if err != nil || strings.Contains(flat, "{{") {
			t.Fatalf("Render(%q) = %q, %v: a {{ survived", s, flat, err)
		}
		if got, _ := Refs(echo); len(got) != len(refs) {
			t.Fatalf("refs %q vs %q", refs, got)
		}
	})
}
