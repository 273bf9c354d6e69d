package containers_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/containers"
)

// TestEnsureImageRefusesBinaries: a binary an image FROM scratch cannot
// run is refused before the engine is asked.
func TestEnsureImageRefusesBinaries(t *testing.T) {
	t.Setenv("HANGAR_IMAGE", "")
	t.Setenv("HANGAR_BINARY", "")
	text := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(text, []byte("#!/bin/sh\necho hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		give string
		want string
		is   error
	}{
		{name: "dynamic", give: "/bin/sh", want: "is dynamically linked", is: containers.ErrNotStatic},
		{name: "not elf", give: text, want: "not a linux binary"},
		{name: "missing", give: filepath.Join(t.TempDir(), "nope"), want: "not a linux binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := containers.EnsureImage(context.Background(), tt.give, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("EnsureImage(%s) = %v, want an error containing %q", tt.give, err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if v := os.Getenv("HANGAR_BINARY"); v != "" {
				t.Errorf("HANGAR_BINARY set to %q for a refused binary", v)
			}
		})
	}
}
