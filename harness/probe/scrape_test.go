package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const exposition = `# HELP hangar_cascade_queue_depth Rows by status.
# TYPE hangar_cascade_queue_depth gauge
hangar_cascade_queue_depth{status="pending"} 3
hangar_cascade_queue_depth{status="processing"} 1
# TYPE hangar_cascade_completed_total counter
hangar_cascade_completed_total 7
# TYPE fakellm_request_duration_seconds histogram
fakellm_request_duration_seconds_bucket{endpoint="chat",le="0.1"} 2
fakellm_request_duration_seconds_bucket{endpoint="chat",le="+Inf"} 3
fakellm_request_duration_seconds_sum{endpoint="chat"} 1.5
fakellm_request_duration_seconds_count{endpoint="chat"} 3
# TYPE llamacpp:requests_processing gauge
llamacpp:requests_processing 2
go_goroutines 42
go_gc_duration_seconds_count 9
`

func TestParse(t *testing.T) {
	at := time.Unix(100, 0)
	got, err := Parse(strings.NewReader(exposition), "server", at)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		`fakellm_request_duration_seconds_count{endpoint=chat}`: 3,
		`fakellm_request_duration_seconds_sum{endpoint=chat}`:   1.5,
		`go_gc_duration_seconds_count`:                          9,
		`go_goroutines`:                                         42,
		`hangar_cascade_completed_total`:                        7,
		`hangar_cascade_queue_depth{status=pending}`:            3,
		`hangar_cascade_queue_depth{status=processing}`:         1,
		`llamacpp:requests_processing`:                          2,
	}
	if len(got) != len(want) {
		t.Errorf("%d samples, want %d: %+v", len(got), len(want), got)
	}
	for _, s := range got {
		k := s.Name
		for l, v := range s.Labels {
			k += fmt.Sprintf("{%s=%s}", l, v)
		}
		if w, ok := want[k]; !ok || w != s.Value || s.Target != "server" || !s.At.Equal(at) {
			t.Errorf("unexpected sample %s = %v (%+v)", k, s.Value, s)
		}
	}
}

func TestKeep(t *testing.T) {
	tests := []struct {
		give string
		want bool
	}{
		{"go_goroutines", true},
		{"go_gc_duration_seconds_count", false},
		{"process_resident_memory_bytes", true},
		{"process_cpu_seconds_total", false},
		{"hangar_cascade_completed_total", true},
		{"fakellm_requests_total", true},
	}
	for _, tt := range tests {
		if got := Keep(Sample{Name: tt.give}); got != tt.want {
			t.Errorf("Keep(%s) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

func TestParseError(t *testing.T) {
	_, err := Parse(strings.NewReader("metric{ 1\n"), "fakellm", time.Now())
	if err == nil || !strings.Contains(err.Error(), "parse fakellm metrics") {
		t.Fatalf("err %v; want a parse error naming the target", err)
	}
}

func TestScraperReportsStalledTarget(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	fast := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, exposition)
	}))
	defer fast.Close()
	type obs struct {
		target string
		n      int
		err    error
	}
	ch := make(chan obs, 16)
	s := NewScraper(20*time.Millisecond, []ScrapeTarget{{"server", slow.URL}, {"fakellm", fast.URL}},
		func(target string, ss []Sample, err error) {
			select {
			case ch <- obs{target, len(ss), err}:
			default:
			}
		})
	s.Start(context.Background())
	first, second := <-ch, <-ch
	s.Close()
	if first.target != "server" || first.err == nil || !strings.Contains(first.err.Error(), "deadline") {
		t.Errorf("first %+v; want the stalled server scrape to fail on its deadline", first)
	}
	if second.target != "fakellm" || second.err != nil || second.n != 8 {
		t.Errorf("second %+v; want 8 fakellm samples", second)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(exposition)
	f.Add("a 1\n")
	f.Add("# TYPE x histogram\nx_bucket{le=\"1\"} 1\n")
	f.Fuzz(func(t *testing.T, s string) {
		samples, err := Parse(strings.NewReader(s), "t", time.Unix(0, 0))
		if err != nil && samples != nil {
			t.Fatalf("samples returned with error %v", err)
		}
	})
}
