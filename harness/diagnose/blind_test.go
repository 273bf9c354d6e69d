package diagnose

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/harness/report"
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
		resend  bool // the closed requests' bytes were sent again afterwards
		hung    bool // another request hung across the uploads' wait
		want    bool
		lower   bool // found, but with less confidence than the plain case
	}{
		{name: "upload waited on after the close", want: true,
			uploads: []Upload{{Index: 0, Start: sec(0.9), Latency: sec(0.3), Status: 201}, {Index: 1, Start: sec(4.1), Latency: sec(25.9), Open: true}}},
		{name: "client retried after the close", resend: true, want: false,
			uploads: []Upload{{Index: 0, Start: sec(0.9), Latency: sec(0.3), Status: 201}, {Index: 1, Start: sec(4.1), Latency: sec(25.9), Open: true}}},
		{name: "other requests hung across the wait", hung: true, want: true, lower: true,
			uploads: []Upload{{Index: 0, Start: sec(0.9), Latency: sec(0.3), Status: 201}, {Index: 1, Start: sec(4.1), Latency: sec(25.9), Open: true}}},
		{name: "client noticed at once", want: false,
			uploads: []Upload{{Index: 1, Start: sec(4.1), Latency: sec(0.2), Status: 502}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Evidence{At: 30 * time.Second, Stuck: DefaultStuck, Leaked: -1, Uploads: tt.uploads,
				LLM: Requests(j, journalStart, journalStart.Add(30*time.Second))}
			if tt.resend {
				e.LLM = withResends(e.LLM)
			}
			if tt.hung {
				e.LLM = append(e.LLM, LLMRequest{Seq: 99, Endpoint: "chat", Start: sec(4.3), Duration: sec(25), InFlight: true, Action: "hang", Retry: -1})
			}
			d := Diagnose(e)
			if tt.lower {
				i := slices.IndexFunc(d.Findings, func(f report.Finding) bool { return f.Class == ClassBlindToClosedConn })
				if i < 0 || d.Findings[i].Confidence <= 0 || d.Findings[i].Confidence >= 0.5 {
					t.Fatalf("want %s found below 0.5 with another request hung across the wait: %s", ClassBlindToClosedConn, lines(d))
				}
				return
			}
			if !tt.want {
				for _, f := range d.Findings {
					if f.Class == ClassBlindToClosedConn {
						t.Fatalf("want no %s finding, got %s", ClassBlindToClosedConn, lines(d))
					}
				}
				return
			}
			checkTop(t, d, ClassBlindToClosedConn)
		})
	}
}

// withResends gives every request a body checksum and, after each one cut
// short, a re-send of the same bytes 2ms after the cut, still hanging.
func withResends(rs []LLMRequest) []LLMRequest {
	out := slices.Clone(rs)
	for i := range out {
		out[i].Body = uint32(1000 + i)
		if cutShort(out[i]) {
			end := out[i].Start + out[i].Duration
			out = append(out, LLMRequest{Seq: 9000 + out[i].Seq, Endpoint: out[i].Endpoint, Start: end + 2*time.Millisecond,
				Duration: 20 * time.Second, InFlight: true, Action: "hang_after_headers", Retry: -1, Body: out[i].Body})
		}
	}
	return out
}
