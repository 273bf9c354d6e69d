package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
	"github.com/hangarhq/hangar/internal/loopback"
)

// checkActions refuses timelines the launcher cannot perform, before
// anything starts (the scenario validator checks its own launcher; this
// also covers --target-url, which switches to external).
func (r *run) checkActions() error {
	if err := r.checkLLMLaunch(); err != nil {
		return err
	}
	for _, st := range r.s.Timeline {
		if st.Server != "" && !r.caps.Can(st.Server) {
			return fmt.Errorf("%w: %s:%d: server %s is not possible with launch %s (possible with %s)",
				ErrBadInput, r.s.File, st.Line, st.Server, r.launch, strings.Join(launch.Can(st.Server), ", "))
		}
	}
	return nil
}

// checkRemote refuses a target URL or a fake LLM listener off loopback
// unless Options.AllowRemote, and notes an allowed one.
func (r *run) checkRemote() error {
	p := loopback.Policy{AllowRemote: r.o.AllowRemote}
	if r.o.TargetURL != "" {
		remote, err := p.CheckURL(r.o.TargetURL)
		if err != nil {
			return fmt.Errorf("%w: target url: %v (hangar run --allow-remote accepts it)", ErrBadInput, err)
		}
		r.offHost = remote
	}
	if r.o.LLMAddr != "" {
		remote, err := p.CheckAddr(r.o.LLMAddr)
		if err != nil {
			return fmt.Errorf("%w: fake LLM address: %v (hangar run --allow-remote accepts it)", ErrBadInput, err)
		}
		r.offHost = r.offHost || remote
	}
	return nil
}

// RemotePlan says what a run of o sends off this machine, "" when it
// stays on loopback or o is refused. `hangar run` prints it before the
// run; the report holds it as an event.
func RemotePlan(o Options) string {
	r, err := newRun(o)
	if err != nil || !r.offHost {
		return ""
	}
	return r.remotePlan()
}

func (r *run) remotePlan() string {
	var parts []string
	if target := r.targetURL(); target != "" && loopback.CheckURL(target) != nil {
		u, h := r.s.Load.Uploads, r.s.Probes.Health
		docs := fmt.Sprintf("of ~%s", u.Size)
		if u.Corpus.Kind == scenario.CorpusDir {
			docs = "from " + u.Corpus.Dir
		}
		parts = append(parts, fmt.Sprintf("remote target: %d uploads %s will be sent to %s; probes every %s to %s%s",
			u.Count, docs, target, h.Interval, target, r.healthPath()))
	}
	if r.o.LLMAddr != "" && loopback.CheckAddr(r.o.LLMAddr) != nil {
		parts = append(parts, fmt.Sprintf("the fake LLM listens on %s, reachable from other machines", r.o.LLMAddr))
	}
	return strings.Join(parts, "; ")
}

func (r *run) targetURL() string {
	if r.o.TargetURL != "" {
		return r.o.TargetURL
	}
	return r.s.Target.Server.URL
}

// spec is the launch.Spec of the scenario's server, with the run's LLM,
// data dir, log and egress proxy.
func (r *run) spec() launch.Spec {
	sv := r.s.Target.Server
	s := launch.Spec{LLMBaseURL: r.llm.URL() + "/v1", Defects: r.defects, Args: sv.Args, Env: sv.Env,
		URL: r.targetURL(), AdminURL: sv.AdminURL, ServerBin: r.o.ServerBin, Command: sv.Command, Ports: sv.Ports,
		Logger: r.log.With("component", "server")}
	if n := r.o.Network; n != nil {
		s.Listen, s.Dial = n.Listen, n.DialContext
	}
	if r.o.TargetURL != "" {
		s.AdminURL = ""
	}
	if rd := sv.Ready; rd != nil {
		s.Ready = launch.Ready{URL: rd.URL, Status: rd.Status, Timeout: rd.Timeout}
	}
	if res := sv.Resources; res != nil {
		s.Resources = launch.Resources{CPUs: res.CPUs, Memory: int64(res.Memory)}
	}
	return s
}

func (r *run) startTarget(ctx context.Context) error {
	l, err := launch.Lookup(r.launch)
	if err != nil {
		return err
	}
	spec := r.spec()
	if r.caps.Accepts.DataDir {
		if r.dataDir, err = os.MkdirTemp("", "hangar-data-*"); err != nil {
			return fmt.Errorf("data dir: %w", err)
		}
		spec.DataDir = r.dataDir
		if r.logFile, err = os.Create(filepath.Join(r.o.OutDir, "server.log")); err != nil {
			return fmt.Errorf("server log: %w", err)
		}
		spec.Log = r.logFile
	}
	if err := r.startEgress(&spec); err != nil {
		return err
	}
	r.noteIgnored()
	t, err := l.Launch(ctx, spec)
	if err != nil {
		return err
	}
	r.target = t
	if r.offHost {
		r.rec.event(report.Event{At: r.rec.now(), Kind: report.EventNote, Name: "remote target", Detail: r.remotePlan(), Step: -1})
	}
	return nil
}

// startEgress starts the refusing proxy for launchers that take one,
// unless the scenario says egress: allow.
func (r *run) startEgress(spec *launch.Spec) error {
	if !r.caps.Accepts.Egress || r.s.Target.Server.Egress == scenario.EgressAllow {
		return nil
	}
	g, err := startEgressGuard()
	if err != nil {
		return err
	}
	r.egress, spec.ProxyURL = g, g.URL()
	return nil
}

// closeEgress stops the proxy and reports what it refused.
func (r *run) closeEgress(ctx context.Context) {
	if r.egress == nil {
		return
	}
	_ = r.egress.Close(ctx)
	n, hosts := r.egress.attempts()
	r.egressInfo = &report.Egress{Proxy: r.egress.URL(), Refused: n, Hosts: hosts}
	if n > 0 {
		r.rec.event(report.Event{At: r.rec.now(), Kind: report.EventNote, Name: "egress refused",
			Detail: fmt.Sprintf("the server tried to reach beyond loopback %d times: %s", n, summary(hosts)), Step: -1})
	}
}

// noteIgnored notes scenario server keys that --target-url makes moot.
func (r *run) noteIgnored() {
	if r.o.TargetURL == "" {
		return
	}
	var ignored []string
	for _, k := range r.caps.Accepts.Keys() {
		if !k.Accepted && slices.Contains(r.s.Target.Server.Keys(), k.Name) {
			ignored = append(ignored, k.Name)
		}
	}
	if len(ignored) > 0 {
		r.rec.event(report.Event{At: r.rec.now(), Kind: report.EventNote, Name: "server keys ignored",
			Detail: fmt.Sprintf("--target-url targets an external server; target.server %s not used", strings.Join(ignored, ", ")), Step: -1})
	}
}
