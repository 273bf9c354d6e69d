package weaviate_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// TestWeaviateEmbedHang runs embed-hang.yaml against the Weaviate binary
// at HANGAR_WEAVIATE_BIN and checks the harness's figures against
// Weaviate's own count and the fake LLM's journal.
func TestWeaviateEmbedHang(t *testing.T) {
	bin := os.Getenv("HANGAR_WEAVIATE_BIN")
	if bin == "" {
		t.Skip("HANGAR_WEAVIATE_BIN is not set (make weaviate builds bin/weaviate; make chaos-weaviate runs this)")
	}
	s, err := scenario.Load("embed-hang.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s.Target.Server.Command[0] = bin
	out := t.TempDir()
	rep, err := harness.Run(context.Background(), harness.Options{Scenario: s, OutDir: out})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if rep.Verdict != report.VerdictPass {
		t.Errorf("verdict %s, want pass: %v", rep.Verdict, rep.Failed())
	}
	accepted := 0
	for _, u := range rep.Uploads {
		if u.Accepted {
			accepted++
		}
	}
	if rep.Target.DoneCount == nil || *rep.Target.DoneCount != accepted {
		t.Errorf("Weaviate counts %v objects, the harness saw %d accepted", rep.Target.DoneCount, accepted)
	}
	b, err := os.ReadFile(filepath.Join(out, harness.JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	var j []fakellm.JournalEntry
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	embeds, hung := 0, 0
	for _, e := range j {
		if e.Endpoint == "embeddings" {
			embeds++
			if e.Rule == "embed-hang" {
				hung++
			}
		}
	}
	// One embeddings call per insert, plus the profile's warm-up object.
	if embeds != len(rep.Uploads)+1 || hung != len(rep.Uploads)-accepted {
		t.Errorf("journal: %d embeddings calls (%d hung); harness: %d uploads, %d accepted", embeds, hung, len(rep.Uploads), accepted)
	}
	t.Logf("uploads %d, accepted %d, Weaviate count %d, embeddings calls %d (%d hung)", len(rep.Uploads), accepted, *rep.Target.DoneCount, embeds, hung)
}
