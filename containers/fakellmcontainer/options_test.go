package fakellmcontainer_test

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/fakellmcontainer"
)

func TestOptions(t *testing.T) {
	plan := []byte("rules:\n  - name: slow\n    action: {kind: delay, duration: 10ms}\n")
	tests := []struct {
		name     string
		give     testcontainers.CustomizeRequestOption
		wantCmd  []string
		wantFile string // content copied to PlanPath
		wantErr  string
	}{
		{name: "seed", give: fakellmcontainer.WithSeed(-3), wantCmd: []string{"--seed", "-3"}},
		{name: "models", give: fakellmcontainer.WithModels("a", "b"), wantCmd: []string{"--model", "a", "--model", "b"}},
		{name: "empty model", give: fakellmcontainer.WithModels("a", ""), wantErr: "empty model name"},
		{name: "embedding dim", give: fakellmcontainer.WithEmbeddingDim(8), wantCmd: []string{"--embedding-dim", "8"}},
		{name: "plan", give: fakellmcontainer.WithPlan(plan), wantCmd: []string{"--plan", fakellmcontainer.PlanPath},
			wantFile: string(plan)},
		{name: "bad plan names its line", give: fakellmcontainer.WithPlan([]byte("rules:\n  - nme: x\n")), wantErr: "2:5: rules[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req testcontainers.GenericContainerRequest
			err := tt.give.Customize(&req)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(req.Cmd, tt.wantCmd) {
				t.Errorf("cmd = %q, want %q", req.Cmd, tt.wantCmd)
			}
			if tt.wantFile == "" {
				if len(req.Files) != 0 {
					t.Errorf("files = %+v, want none", req.Files)
				}
				return
			}
			if len(req.Files) != 1 || req.Files[0].ContainerFilePath != fakellmcontainer.PlanPath {
				t.Fatalf("files = %+v, want one at %s", req.Files, fakellmcontainer.PlanPath)
			}
			got, _ := io.ReadAll(req.Files[0].Reader)
			if string(got) != tt.wantFile {
				t.Errorf("plan file = %q, want %q", got, tt.wantFile)
			}
		})
	}
}

func TestAliasURL(t *testing.T) {
	if got, want := fakellmcontainer.AliasURL("llm"), "http://llm:8585"; got != want {
		t.Errorf("AliasURL = %q, want %q", got, want)
	}
}
