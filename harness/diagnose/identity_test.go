package diagnose

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBothNeedsAnUploadAcrossTheGap runs on dumps recorded from the
// reference server (no-llm-deadline: request goroutines at the same stacks
// under the same ids in both dumps, 3s apart, the first at 20s). A
// keep-alive connection's goroutine serves one upload after another at
// the same stack, so those goroutines count as one wait across the gap
// only when an upload was open across it, or when the target may have
// clients whose requests the evidence lacks.
func TestBothNeedsAnUploadAcrossTheGap(t *testing.T) {
	tests := []struct {
		name     string
		uploads  []Upload
		other    bool
		wantBoth bool
	}{
		{name: "no uploads"},
		{name: "answered before the second dump", uploads: []Upload{{Index: 0, Start: sec(0.3), Latency: sec(21), Status: 201}}},
		{name: "open at the capture, answered before the second dump",
			uploads: []Upload{{Index: 0, Start: sec(0.3), Latency: sec(21), Status: 201, Open: true}}},
		{name: "sent after the first dump", uploads: []Upload{{Index: 1, Start: sec(20.5), Latency: sec(9), Status: 504}}},
		{name: "answered after the second dump", wantBoth: true,
			uploads: []Upload{{Index: 0, Start: sec(0.3), Latency: sec(24), Status: 504}}},
		{name: "refused before the first dump", uploads: []Upload{{Index: 0, Start: sec(0.3), Latency: sec(0.01), Error: "connection refused"}}},
		{name: "given up on between the dumps", wantBoth: true,
			uploads: []Upload{{Index: 0, Start: sec(0.3), Latency: sec(21), Error: "timeout"}}},
		{name: "open at the capture, no later news", wantBoth: true,
			uploads: []Upload{{Index: 0, Start: sec(0.3), Latency: sec(19.7), Open: true}}},
		{name: "other clients", other: true, wantBoth: true},
	}
	first, second := loadDumps(t, filepath.Join("testdata", "server", "no-llm-deadline"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := evidenceFrom(first, second, serverGap, func(e *Evidence) { e.Uploads, e.OtherClients = tt.uploads, tt.other })
			serving := filter(e.identified().Goroutines, Waiter.servesRequest)
			if len(serving) == 0 {
				t.Fatal("no goroutine serves a request: the dumps prove nothing")
			}
			checked := 0
			for _, w := range serving {
				if !sameStack(first, w) {
					continue
				}
				checked++
				if w.Both != tt.wantBoth || w.Unwitnessed == tt.wantBoth || (!tt.wantBoth && w.Waited != w.Wait()) {
					t.Errorf("goroutine %d (%s): both %v, unwitnessed %v, waited %s; want both %v",
						w.ID, w.Site, w.Both, w.Unwitnessed, w.Waited, tt.wantBoth)
				}
			}
			if checked == 0 {
				t.Fatal("no request goroutine at the same stack in both dumps: the dumps prove nothing")
			}
			if !anyBoth(filter(e.Goroutines, Waiter.servesRequest)) {
				t.Fatal("the evidence itself lost Both: identified must not change e")
			}
		})
	}
}

// sameStack: w's goroutine is in first at the same stack (Waiters' Both).
func sameStack(first *Dump, w Waiter) bool {
	for _, g := range first.Goroutines {
		if g.ID == w.ID {
			return stackKey(g) == stackKey(w.Goroutine) && w.Site != SiteRun
		}
	}
	return false
}

// TestBothOfTheHealthCheckNeedsAProbeAcrossTheGap: on the liveness
// pattern's dumps the health check sits at the same stack under the same
// id in both dumps. The run's prober keeps its connection alive, so that
// is one wait only when a probe was outstanding across the gap (the run's,
// or the one sent with the first dump), or given up on while it waited;
// the upload goroutines, with no upload across the gap, lose Both either
// way.
func TestBothOfTheHealthCheckNeedsAProbeAcrossTheGap(t *testing.T) {
	first, second := loadDumps(t, filepath.Join("testdata", "patterns", ClassLivenessBehindWork))
	at := evidenceFrom(first, second, patternGap, nil).At
	tests := []struct {
		name     string
		probes   []Probe
		dump     []DumpProbe
		wantBoth bool
	}{
		{name: "no probes"},
		{name: "answered before the first dump", probes: []Probe{{At: at - sec(1), Latency: sec(0.5), OK: true, Answered: true}}},
		{name: "answered between the dumps", probes: []Probe{{At: at - sec(0.1), Latency: patternGap / 2, OK: true, Answered: true}}},
		{name: "answered 503 between the dumps", probes: []Probe{{At: at - sec(0.1), Latency: patternGap / 2, Answered: true}}},
		{name: "sent after the first dump", probes: []Probe{{At: at + sec(0.01), Latency: 2 * patternGap, OK: true, Answered: true}}},
		{name: "answered after the second dump", wantBoth: true,
			probes: []Probe{{At: at - sec(0.1), Latency: 2 * patternGap, OK: true, Answered: true}}},
		{name: "given up on between the dumps", wantBoth: true, probes: []Probe{{At: at - sec(0.1), Latency: patternGap / 2}}},
		{name: "failed before the first dump", probes: []Probe{{At: at - sec(1), Latency: sec(0.5)}}},
		{name: "the first dump's probe still waiting at the second", wantBoth: true,
			dump: []DumpProbe{{At: at - sec(0.05), Latency: 2 * patternGap, Pending: true}}},
		{name: "the first dump's probe answered between the dumps",
			dump: []DumpProbe{{At: at - sec(0.05), Latency: patternGap / 2, OK: true, Answered: true, Pending: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := evidenceFrom(first, second, patternGap, func(e *Evidence) { e.Probes, e.DumpProbes = tt.probes, tt.dump })
			var health, uploads int
			for _, w := range e.identified().Goroutines {
				switch {
				case !sameStack(first, w) || !w.servesRequest():
				case isHealthCheck(w):
					health++
					if w.Both != tt.wantBoth {
						t.Errorf("health check %d: both %v, want %v", w.ID, w.Both, tt.wantBoth)
					}
				case w.Both:
					t.Errorf("upload goroutine %d kept Both with no upload across the gap", w.ID)
				default:
					uploads++
				}
			}
			if health == 0 || uploads == 0 {
				t.Fatalf("%d health checks and %d upload goroutines in both dumps: want some of each", health, uploads)
			}
		})
	}
}

// TestDiagnoseTimesOnlyWitnessedWaits: Diagnose applies the rule: the
// shared-pool pattern's request goroutines queue for a slot in both dumps;
// with an upload open across them the finding times the wait, without one
// it says the wait could be a new request in each dump.
func TestDiagnoseTimesOnlyWitnessedWaits(t *testing.T) {
	first, second := loadDumps(t, filepath.Join("testdata", "patterns", ClassSharedPool))
	for _, tc := range []struct {
		name   string
		upload Upload
		want   string
	}{
		{name: "open across the gap", upload: Upload{Index: 0, Start: sec(2), Latency: sec(19), Status: 503}, want: "for ≥300ms"},
		{name: "answered before the first dump", upload: Upload{Index: 0, Start: sec(2), Latency: sec(1), Status: 503},
			want: "in both dumps (maybe a new request in each)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := evidenceFrom(first, second, patternGap, func(e *Evidence) { e.Uploads = []Upload{tc.upload} })
			d := Diagnose(e)
			checkTop(t, d, ClassSharedPool)
			if top, _ := d.Top(); !strings.Contains(top.Sentence, "serving requests wait in `semaphore.(*Weighted).Acquire` under `main.callLLM` "+tc.want) {
				t.Errorf("sentence %q; want the waiters %s", top.Sentence, tc.want)
			}
		})
	}
}
