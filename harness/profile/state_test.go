package profile

import (
	"testing"

	"github.com/hangarhq/hangar/harness/probe"
)

func TestSeriesCounts(t *testing.T) {
	s := &SeriesState{Metric: "q", Label: "status", Done: []string{"indexed"}, Failed: []string{"failed"}, Working: []string{"pending", "indexing"}}
	c, ok := s.Counts([]probe.Sample{
		{Name: "q", Labels: map[string]string{"status": "indexed"}, Value: 4},
		{Name: "q", Labels: map[string]string{"status": "pending"}, Value: 2},
		{Name: "q", Labels: map[string]string{"status": "indexing"}, Value: 1},
		{Name: "q", Labels: map[string]string{"status": "failed"}, Value: 1},
		{Name: "q", Labels: map[string]string{"status": "other"}, Value: 9},
		{Name: "other", Value: 100},
	})
	if !ok || c != (Counts{Done: 4, Failed: 1, Working: 3}) {
		t.Errorf("counts %+v %v", c, ok)
	}
	if _, ok := s.Counts([]probe.Sample{{Name: "x"}}); ok {
		t.Error("absent series reported present")
	}
}

func TestListRead(t *testing.T) {
	l := &ListState{Items: "/data/documents", Total: "/data/total", ID: "/doc_id", Status: "/status", UpdatedAt: "/updated_at",
		Done: []string{"indexed"}, Failed: []string{"failed"}}
	items, total, err := l.Read([]byte(`{"data":{"total":3,"documents":[
		{"doc_id":"a","status":"indexed","updated_at":"2026-12-01T08:00:00Z"},{"doc_id":"b","status":"failed"},{"doc_id":"c","status":"pending"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(items) != 3 || items[0].Phase != Done || items[1].Phase != Failed || items[2].Phase != Working || items[0].UpdatedAt.IsZero() {
		t.Errorf("items %+v total %d", items, total)
	}
	for _, bad := range []string{`[`, `{"data":{"documents":{}}}`, `{"data":{"total":"x","documents":[]}}`, `{"data":{"total":1,"documents":[{"status":"x"}]}}`} {
		if _, _, err := l.Read([]byte(bad)); err == nil {
			t.Errorf("Read(%s): no error", bad)
		}
	}
}

func TestDocumentRead(t *testing.T) {
	byStatus := &DocumentState{Done: []string{"200"}}
	for _, tt := range []struct {
		status int
		want   Phase
	}{{200, Done}, {404, Working}, {500, Working}} {
		if ph, _, _ := byStatus.Read(tt.status, nil); ph != tt.want {
			t.Errorf("status %d: %v, want %v", tt.status, ph, tt.want)
		}
	}
	byValue := &DocumentState{Status: "/state", Done: []string{"ready"}, Failed: []string{"error"}}
	if ph, v, err := byValue.Read(200, []byte(`{"state":"error"}`)); ph != Failed || v != "error" || err != nil {
		t.Errorf("by value: %v %q %v", ph, v, err)
	}
	if ph, _, _ := byValue.Read(404, nil); ph != Working {
		t.Errorf("404 by value: %v", ph)
	}
}

func TestCountRead(t *testing.T) {
	c := &CountState{Done: "/data/Aggregate/Doc/0/meta/count"}
	n, err := c.Read([]byte(`{"data":{"Aggregate":{"Doc":[{"meta":{"count":21}}]}}}`))
	if err != nil || n != 21 {
		t.Errorf("= %d, %v", n, err)
	}
}
