package launch

import (
	"context"
	"errors"
	"sort"
	"strings"
)

// SubprocessCaps are the capabilities of launch: subprocess.
var SubprocessCaps = Caps{
	Actions: []Action{Kill, Restart, Pause, Resume},
	Accepts: Accepts{Args: true, Env: true, Defects: true, Egress: true, DataDir: true},
	Leaks:   LeakPprof,

	Placeholders: true,
}

func init() { Register("subprocess", Func{C: SubprocessCaps, F: launchSubprocess}) }

// launchSubprocess is the short form of launch: process for `hangar
// server`: it fills in the command (ServerBin, defects, args), the api and
// admin ports and readiness (/health answers 200), and delegates. Args and
// env values take the launcher placeholders like a process's.
func launchSubprocess(ctx context.Context, s Spec) (Target, error) {
	if s.ServerBin == "" {
		return nil, errors.New("launch subprocess: no server binary (--server-bin)")
	}
	return LaunchProcess(ctx, SubprocessSpec(s))
}

// SubprocessSpec is the process Spec that runs `hangar server` for s.
func SubprocessSpec(s Spec) Spec {
	cmd := []string{s.ServerBin, "server", "--addr", "127.0.0.1:{{port.http}}", "--admin-addr", "127.0.0.1:{{port.admin}}",
		"--data", "{{data_dir}}", "--llm-base-url", "{{llm_base_url}}"}
	if len(s.Defects) > 0 {
		cmd = append(cmd, "--defects", strings.Join(s.Defects, ","))
	}
	p := s
	p.Command = append(cmd, s.Args...)
	p.Ports = []string{"http", "admin"}
	p.URL = "http://127.0.0.1:{{port.http}}"
	p.AdminURL = "http://127.0.0.1:{{port.admin}}"
	p.Ready = Ready{URL: p.URL + "/health", Status: []int{200}, Timeout: ReadyTimeout}
	return p
}

// serverEnv is the server's environment: the harness's own, less every
// HANGAR_* variable (`hangar server` reads each flag from HANGAR_<FLAG>, so
// an exported HANGAR_DEFECTS would silently change the "correct" server),
// plus the scenario's target.server.env.
func serverEnv(base []string, extra map[string]string) []string {
	env := make([]string, 0, len(base)+len(extra))
	for _, kv := range base {
		if !strings.HasPrefix(kv, "HANGAR_") {
			env = append(env, kv)
		}
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+extra[k])
	}
	return env
}
