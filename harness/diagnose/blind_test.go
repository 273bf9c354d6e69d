package diagnose

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
)

var journalStart = time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)

// TestBlindToClosedConnection runs on recorded evidence: our server has no
// such defect, so the journal is one where the fake LLM closed a response
// mid-body and ended a stream without [DONE].
func TestBlindToClosedConnection(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", ClassBlindToClosedConn, "journal.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j []fakellm.JournalEntry
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		uploads []Upload
		want    bool
	}{
		{name: "upload waited on after the close", want: true,
			uploads: []Upload{{Index: 0, Start: sec(0.9), Latency: sec(0.3), Status: 201}, {Index: 1, Start: sec(4.1), Latency: sec(25.9), Open: true}}},
		{name: "client noticed at once", want: false,
			uploads: []Upload{{Index: 1, Start: sec(4.1), Latency: sec(0.2), Status: 502}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Evidence{At: 30 * time.Second, Stuck: DefaultStuck, Leaked: -1, Uploads: tt.uploads,
				LLM: Requests(j, journalStart, journalStart.Add(30*time.Second))}
			d := Diagnose(e)
			if !tt.want {
				if len(d.Findings) != 0 {
					t.Fatalf("want no finding, got %s", lines(d))
				}
				return
			}
			checkTop(t, d, ClassBlindToClosedConn)
		})
	}
}
