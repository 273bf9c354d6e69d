package ingest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
)

// askFake sends one user message to the fake LLM, as the pipeline does,
// and returns the answer's content.
func askFake(t *testing.T, srv *fakellm.Server, user string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"model": "m", "temperature": 0, "messages": []map[string]string{{"role": "user", "content": user}}})
	resp, err := http.Post(srv.URL()+"/v1/chat/completions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var c struct {
		Choices []struct{ Message struct{ Content string } }
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil || len(c.Choices) != 1 {
		t.Fatalf("bad completion: %v", err)
	}
	return c.Choices[0].Message.Content
}

// TestServerPromptsAgainstFake: the reference server's own prompts, answered
// by the fake LLM, parse with every block covered, no ref skipped and the
// expected EverOS category.
func TestServerPromptsAgainstFake(t *testing.T) {
	srv := fakellmtest.NewServer(t, fakellm.Config{Seed: 1})
	tests := []struct{ name, doc, want string }{
		{"kubernetes", "# Kubernetes Operators\nAn operator is a software controller for a cloud cluster.\n- reconcile\n- status\n## Controllers\nThe controller watches custom resources.", "Technology"},
		{"insulin", "Insulin dosing\nClinical teams set the basal insulin dose per kilogram.\nPatients check glucose before each dose of the medicine.", "Medical"},
		{"bonds", "Bond yields\nTreasury securities yields rise when bond prices fall.\nBanking and accounting rules value the securities at market.", "Finance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paras := Paragraphs(tt.doc)
			_, user := ExtractionPrompt(tt.name, paras)
			x, err := ParseExtraction(askFake(t, srv, user), len(paras))
			if err != nil || len(x.Uncovered) != 0 || x.Skipped != 0 {
				t.Fatalf("extraction: %v, uncovered %v, skipped %d", err, x.Uncovered, x.Skipped)
			}
			_, user = ClassificationPrompt(DefaultCategories, tt.name, x.Summary)
			if got := ParseCategory(askFake(t, srv, user), DefaultCategories); got != tt.want {
				t.Errorf("category %q, want %q (summary %q)", got, tt.want, x.Summary)
			}
		})
	}
}
