package harness

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestRemoteTargets checks the loopback policy and the printed plan
// without starting anything: newRun dials nothing.
func TestRemoteTargets(t *testing.T) {
	s := parse(t, `
name: remote
seed: 1
duration: 5s
load:
  uploads: {count: 7, size: 16KiB}
expect:
  uploads: {answered_within: 1s}
`)
	tests := []struct {
		name    string
		give    Options
		wantErr string
		want    string
	}{
		{name: "remote url refused", give: Options{TargetURL: "http://10.0.0.5:8000"},
			wantErr: "target url: url \"http://10.0.0.5:8000\": must point at a loopback address"},
		{name: "all-interfaces llm refused", give: Options{LLMAddr: "0.0.0.0:8585"}, wantErr: "fake LLM address"},
		{name: "loopback needs no plan", give: Options{TargetURL: "http://127.0.0.1:8000", AllowRemote: true}},
		{name: "remote url allowed", give: Options{TargetURL: "http://10.0.0.5:8000", AllowRemote: true},
			want: "remote target: 7 uploads of ~16KiB will be sent to http://10.0.0.5:8000; probes every 100ms to http://10.0.0.5:8000/health"},
		{name: "llm listener only", give: Options{LLMAddr: ":8585", AllowRemote: true},
			want: "the fake LLM listens on :8585, reachable from other machines"},
		{name: "remote url and llm listener", give: Options{TargetURL: "http://10.0.0.5:8000", LLMAddr: "0.0.0.0:8585", AllowRemote: true},
			want: "remote target: 7 uploads of ~16KiB will be sent to http://10.0.0.5:8000; probes every 100ms to http://10.0.0.5:8000/health; the fake LLM listens on 0.0.0.0:8585, reachable from other machines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.give
			o.Scenario, o.OutDir = s, t.TempDir()
			r, err := newRun(o)
			if tt.wantErr != "" {
				if !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := RemotePlan(o); got != tt.want || r.offHost != (tt.want != "") {
				t.Fatalf("plan %q (offHost %v), want %q", got, r.offHost, tt.want)
			}
			if got := r.newReport(time.Time{}).Target.Remote; got != (tt.want != "") {
				t.Fatalf("report target remote %v", got)
			}
		})
	}
}
