package harness

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoThirdPartyNames: no Go source outside examples/ names the
// third-party server of the worked example; a third-party target is data
// (an API profile), not code.
func TestNoThirdPartyNames(t *testing.T) {
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == "examples" || rel == "bin" || rel == "out" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(strings.ToLower(string(b)), "weav"+"iate") {
			t.Errorf("%s names a third-party server; keep it in examples/", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
