package servercontainer_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/servercontainer"
)

func TestOptions(t *testing.T) {
	tests := []struct {
		name    string
		give    testcontainers.CustomizeRequestOption
		wantCmd []string
		wantErr string
		check   func(t *testing.T, req testcontainers.GenericContainerRequest, hc *container.HostConfig)
	}{
		{name: "llm", give: servercontainer.WithLLM("http://llm:8585/v1"),
			wantCmd: []string{"--llm-base-url", "http://llm:8585/v1"}},
		{name: "defects", give: servercontainer.WithDefects("no-llm-deadline", "batch-barrier"),
			wantCmd: []string{"--defects", "no-llm-deadline,batch-barrier"}},
		{name: "no defects adds nothing", give: servercontainer.WithDefects()},
		{name: "unknown defect", give: servercontainer.WithDefects("no-llm-deadline", "nope"),
			wantErr: `server defect "nope": not one of`},
		{name: "volume", give: servercontainer.WithDataVolume("v1"),
			check: func(t *testing.T, req testcontainers.GenericContainerRequest, _ *container.HostConfig) {
				if len(req.Mounts) != 1 || string(req.Mounts[0].Target) != servercontainer.DataDir {
					t.Errorf("mounts = %+v, want one at %s", req.Mounts, servercontainer.DataDir)
				}
			}},
		{name: "empty volume", give: servercontainer.WithDataVolume(""), wantErr: "empty name"},
		{name: "data dir", give: servercontainer.WithDataDir("/srv/x"),
			check: func(t *testing.T, _ testcontainers.GenericContainerRequest, hc *container.HostConfig) {
				if len(hc.Mounts) != 1 || hc.Mounts[0].Source != "/srv/x" || hc.Mounts[0].Target != servercontainer.DataDir {
					t.Errorf("host mounts = %+v, want /srv/x bound at %s", hc.Mounts, servercontainer.DataDir)
				}
			}},
		{name: "relative data dir", give: servercontainer.WithDataDir("data"), wantErr: "absolute path"},
		{name: "resources", give: servercontainer.WithResources(0.25, 128<<20),
			check: func(t *testing.T, _ testcontainers.GenericContainerRequest, hc *container.HostConfig) {
				if hc.NanoCPUs != 250_000_000 || hc.Memory != 128<<20 {
					t.Errorf("NanoCPUs=%d Memory=%d, want 250000000 and %d", hc.NanoCPUs, hc.Memory, 128<<20)
				}
			}},
		{name: "negative resources", give: servercontainer.WithResources(-1, 0), wantErr: "must not be negative"},
		{name: "args", give: servercontainer.WithArgs("--cascade-workers", "2"),
			wantCmd: []string{"--cascade-workers", "2"}},
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
			hc := &container.HostConfig{}
			if req.HostConfigModifier != nil {
				req.HostConfigModifier(hc)
			}
			if tt.check != nil {
				tt.check(t, req, hc)
			}
		})
	}
}
