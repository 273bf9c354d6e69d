package assert

import (
	"testing"

	"time"

	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/internal/strictyaml"
)

const mib = float64(strictyaml.MiB)

// memRun is a run whose load starts at 1s and drains at 11s, with server
// samples of rss, heap and goroutines at the given times.
func memRun(samples ...report.Sample) *report.Report {
	return &report.Report{
		Events: []report.Event{
			{At: d("1s"), Kind: report.EventPhase, Name: PhaseLoadStart, Step: -1},
			{At: d("11s"), Kind: report.EventPhase, Name: PhaseDrainDone, Step: -1},
		},
		Samples: samples,
	}
}

// snap is one scrape of the three metrics at t.
func snap(t string, rss, heap, gor float64) []report.Sample {
	return []report.Sample{
		{At: d(t), Target: ServerTarget, Name: MetricRSS, Value: rss},
		{At: d(t), Target: ServerTarget, Name: MetricHeapInuse, Value: heap},
		{At: d(t), Target: ServerTarget, Name: MetricGoroutines, Value: gor},
	}
}

func cat(ss ...[]report.Sample) []report.Sample {
	var out []report.Sample
	for _, s := range ss {
		out = append(out, s...)
	}
	return out
}

func TestResources(t *testing.T) {
	bound := func(rss, heap strictyaml.ByteSize, gor int) *resExpect {
		return &resExpect{RSSGrowth: &rss, HeapGrowth: &heap, GoroutineGrowth: &gor}
	}
	flat := cat(snap("500ms", 40*mib, 10*mib, 14), snap("5s", 70*mib, 40*mib, 60), snap("12s", 57*mib, 12*mib, 15))
	tests := []struct {
		name       string
		give       *report.Report
		expect     *resExpect
		want       map[string]report.Verdict
		wantDetail map[string]string
	}{
		{
			name:   "flat after a busy middle passes",
			give:   memRun(flat...),
			expect: bound(32*strictyaml.MiB, 8*strictyaml.MiB, 5),
			want: map[string]report.Verdict{report.AssertResourcesRSS: report.VerdictPass,
				report.AssertResourcesHeap: report.VerdictPass, report.AssertResourcesGoroutines: report.VerdictPass},
			wantDetail: map[string]string{
				report.AssertResourcesRSS:        "rss 40.0MiB → 57.0MiB (+17.0MiB) between 500ms and 12s",
				report.AssertResourcesHeap:       "heap 10.0MiB → 12.0MiB (+2.0MiB) between 500ms and 12s",
				report.AssertResourcesGoroutines: "goroutines 14 → 15 (+1) between 500ms and 12s",
			},
		},
		{
			name: "a retained megabyte per document fails",
			give: memRun(cat(snap("500ms", 40*mib, 10*mib, 14), snap("5s", 140*mib, 110*mib, 60),
				snap("12s", 245*mib, 210*mib, 214))...),
			expect: bound(32*strictyaml.MiB, 8*strictyaml.MiB, 5),
			want: map[string]report.Verdict{report.AssertResourcesRSS: report.VerdictFail,
				report.AssertResourcesHeap: report.VerdictFail, report.AssertResourcesGoroutines: report.VerdictFail},
			wantDetail: map[string]string{
				report.AssertResourcesRSS:        "rss 40.0MiB → 245.0MiB (+205.0MiB) between 500ms and 12s",
				report.AssertResourcesHeap:       "heap 10.0MiB → 210.0MiB (+200.0MiB) between 500ms and 12s",
				report.AssertResourcesGoroutines: "goroutines 14 → 214 (+200) between 500ms and 12s",
			},
		},
		{
			name:   "growth equal to the bound passes, shrinking passes",
			give:   memRun(cat(snap("500ms", 40*mib, 10*mib, 14), snap("12s", 72*mib, 9*mib, 19))...),
			expect: bound(32*strictyaml.MiB, 1*strictyaml.MiB, 5),
			want: map[string]report.Verdict{report.AssertResourcesRSS: report.VerdictPass,
				report.AssertResourcesHeap: report.VerdictPass, report.AssertResourcesGoroutines: report.VerdictPass},
			wantDetail: map[string]string{report.AssertResourcesHeap: "heap 10.0MiB → 9.0MiB (-1.0MiB) between 500ms and 12s"},
		},
		{
			name:   "warmup moves the baseline to the first sample after it",
			give:   memRun(flat...),
			expect: &resExpect{RSSGrowth: ptrSize(1 * strictyaml.MiB), Warmup: d("2s").D()},
			want:   map[string]report.Verdict{report.AssertResourcesRSS: report.VerdictPass},
			wantDetail: map[string]string{
				report.AssertResourcesRSS: "rss 70.0MiB → 57.0MiB (-13.0MiB) between 5s and 12s",
			},
		},
		{
			name:   "no server samples is an error, not a pass",
			give:   memRun(report.Sample{At: d("12s"), Target: "fakellm", Name: MetricRSS, Value: 1}),
			expect: bound(32*strictyaml.MiB, 8*strictyaml.MiB, 5),
			want: map[string]report.Verdict{report.AssertResourcesRSS: report.VerdictError,
				report.AssertResourcesHeap: report.VerdictError, report.AssertResourcesGoroutines: report.VerdictError},
			wantDetail: map[string]string{
				report.AssertResourcesRSS: "no server sample of process_resident_memory_bytes: the server's /metrics was not scraped or does not export it",
			},
		},
		{
			name:   "no sample after the drain is an error",
			give:   memRun(cat(snap("500ms", 40*mib, 10*mib, 14), snap("5s", 41*mib, 10*mib, 14))...),
			expect: &resExpect{GoroutineGrowth: ptrInt(0)},
			want:   map[string]report.Verdict{report.AssertResourcesGoroutines: report.VerdictError},
			wantDetail: map[string]string{
				report.AssertResourcesGoroutines: "no sample of go_goroutines after the drain at 11s (last at 5s)",
			},
		},
		{
			name:   "a run that never drained is an error",
			give:   &report.Report{Samples: flat},
			expect: &resExpect{GoroutineGrowth: ptrInt(0)},
			want:   map[string]report.Verdict{report.AssertResourcesGoroutines: report.VerdictError},
			wantDetail: map[string]string{
				report.AssertResourcesGoroutines: "the run ended before the drain: no end to compare",
			},
		},
		{
			name:   "warmup past the last sample before drain is an error",
			give:   memRun(flat...),
			expect: &resExpect{RSSGrowth: ptrSize(strictyaml.MiB), Warmup: d("6s").D()},
			want:   map[string]report.Verdict{report.AssertResourcesRSS: report.VerdictError},
			wantDetail: map[string]string{
				report.AssertResourcesRSS: "no sample of process_resident_memory_bytes between the end of warm-up at 7s and the drain at 11s",
			},
		},
		{
			name: "labelled series and samples out of order are handled",
			give: memRun(cat(snap("12s", 50*mib, 10*mib, 14), snap("500ms", 40*mib, 10*mib, 14),
				[]report.Sample{{At: d("12s"), Target: ServerTarget, Name: MetricRSS, Labels: map[string]string{"x": "y"}, Value: 900 * mib}})...),
			expect: &resExpect{RSSGrowth: ptrSize(16 * strictyaml.MiB)},
			want:   map[string]report.Verdict{report.AssertResourcesRSS: report.VerdictPass},
			wantDetail: map[string]string{
				report.AssertResourcesRSS: "rss 40.0MiB → 50.0MiB (+10.0MiB) between 500ms and 12s",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resources(Input{R: tt.give}, tt.expect)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d assertions %+v, want %d", len(got), got, len(tt.want))
			}
			for name, v := range tt.want {
				a := one(t, got, name)
				if a.Verdict != v {
					t.Errorf("%s verdict = %s (%s), want %s", name, a.Verdict, a.Detail, v)
				}
				if want, ok := tt.wantDetail[name]; ok && a.Detail != want {
					t.Errorf("%s detail = %q, want %q", name, a.Detail, want)
				}
			}
		})
	}
}

func TestResourcesMeasuredAndLimit(t *testing.T) {
	rss := 32 * strictyaml.MiB
	as := resources(Input{R: memRun(cat(snap("0s", 40*mib, 0, 0), snap("12s", 80*mib, 0, 0))...)},
		&resExpect{RSSGrowth: &rss})
	a := one(t, as, report.AssertResourcesRSS)
	if a.Measured != "+40.0MiB" || a.Value != 40*mib || a.Limit != 32*mib || a.Threshold != "<= +32.0MiB" {
		t.Errorf("measured %q value %g limit %g threshold %q", a.Measured, a.Value, a.Limit, a.Threshold)
	}
	if a.WindowStart != d("0s") || a.WindowEnd != d("12s") {
		t.Errorf("window %s..%s, want 0s..12s", a.WindowStart, a.WindowEnd)
	}
}

// resExpect states the resources entries a test names (nil: not stated).
type resExpect struct {
	RSSGrowth, HeapGrowth *strictyaml.ByteSize
	GoroutineGrowth       *int
	Warmup                time.Duration
}

// resources evaluates the stated resources entries through the registry.
func resources(in Input, x *resExpect) []report.Assertion {
	var e Expect
	if x.RSSGrowth != nil {
		e.Set(report.AssertResourcesRSS, RSSGrowth{Bound: *x.RSSGrowth, Warmup: x.Warmup})
	}
	if x.HeapGrowth != nil {
		e.Set(report.AssertResourcesHeap, HeapGrowth{Bound: *x.HeapGrowth, Warmup: x.Warmup})
	}
	if x.GoroutineGrowth != nil {
		e.Set(report.AssertResourcesGoroutines, GoroutineGrowth{Bound: *x.GoroutineGrowth, Warmup: x.Warmup})
	}
	in.Expect = e
	return evaluate(in)
}

func ptrSize(v strictyaml.ByteSize) *strictyaml.ByteSize { return &v }
func ptrInt(v int) *int                                  { return &v }
