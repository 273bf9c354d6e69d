package image

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestTagOf(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a1, err := tagOf(write("a1", "binary A"))
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := tagOf(write("a2", "binary A"))
	b, _ := tagOf(write("b", "binary B"))
	if !regexp.MustCompile(`^dev-[0-9a-f]{12}$`).MatchString(a1) {
		t.Errorf("tag %q, want dev- and 12 hex digits", a1)
	}
	if a1 != a2 {
		t.Errorf("same bytes, different tags: %s %s", a1, a2)
	}
	if a1 == b {
		t.Errorf("different bytes, same tag %s", a1)
	}
	if _, err := tagOf(filepath.Join(dir, "missing")); err == nil {
		t.Error("tagOf(missing) = nil error")
	}
}

func TestBinaryFromEnv(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "prebuilt")
	if err := os.WriteFile(src, []byte("static"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HANGAR_BINARY", src)
	dst := filepath.Join(dir, "hangar")
	if err := binary(t.Context(), dst, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "static" {
		t.Errorf("copied %q, want the HANGAR_BINARY bytes", got)
	}
	t.Setenv("HANGAR_BINARY", filepath.Join(dir, "nope"))
	if err := binary(t.Context(), dst, nil); err == nil {
		t.Error("missing HANGAR_BINARY: nil error")
	}
}
