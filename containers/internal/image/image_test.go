package image

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// TestBinarySource: the binary put in the image is the given one, else
// $HANGAR_BINARY, and `go build` only runs when neither is there.
func TestBinarySource(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	given, env := write("given", "running binary"), write("env", "HANGAR_BINARY binary")
	tests := []struct {
		name    string
		bin     string
		env     string
		want    string // the bytes put in the image
		wantErr string
		built   bool // goBuild ran
	}{
		{name: "given binary", bin: given, want: "running binary"},
		{name: "given wins over HANGAR_BINARY", bin: given, env: env, want: "running binary"},
		{name: "HANGAR_BINARY", env: env, want: "HANGAR_BINARY binary"},
		{name: "neither: go build", want: "compiled", built: true},
		{name: "given missing", bin: filepath.Join(dir, "nope"), wantErr: "hangar image: binary: open "},
		{name: "HANGAR_BINARY missing", env: filepath.Join(dir, "nope"), wantErr: "hangar image: HANGAR_BINARY: open "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			built := false
			old := goBuild
			goBuild = func(_ context.Context, dst string, _ io.Writer) error {
				built = true
				return os.WriteFile(dst, []byte("compiled"), 0o755)
			}
			t.Cleanup(func() { goBuild = old })
			t.Setenv("HANGAR_BINARY", tt.env)
			dst := filepath.Join(t.TempDir(), "hangar")
			err := binary(t.Context(), dst, tt.bin, nil)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q…", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(dst); string(got) != tt.want {
				t.Errorf("image gets %q, want %q", got, tt.want)
			}
			if built != tt.built {
				t.Errorf("go build ran: %v, want %v", built, tt.built)
			}
		})
	}
}

func TestEnsureBinaryNeedsABinary(t *testing.T) {
	if _, err := EnsureBinary(t.Context(), "", nil); err == nil {
		t.Error("EnsureBinary(\"\") = nil error")
	}
}
