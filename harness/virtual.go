package harness

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/hangarhq/hangar/harness/diagnose"
	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/scenario"
)

// Network is where a run's connections go when Options.Network is set:
// the fake LLM and the server listen on it and every client the harness
// starts (load, probes, scraper, lister, resource and diagnosis requests)
// dials through it. internal/memnet's Network is the one used: an
// in-memory network whose blocking operations are durable inside a
// testing/synctest bubble, so the whole run (fake LLM, server, harness)
// runs in virtual time. The server then runs with a Caps.Virtual
// launcher whatever the scenario's launch says.
type Network interface {
	Listen(network, addr string) (net.Listener, error)
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// dialFunc is an http.Transport DialContext; nil is the real dialer.
type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// VirtualLauncher is the launcher a virtual-time run uses for the server.
const VirtualLauncher = "inprocess"

// VirtualSkip says why s cannot run in virtual time (Options.Network
// set), naming the step or key; "" when it can. A virtual run of such a
// scenario is refused with this reason.
func VirtualSkip(s *scenario.Scenario) string {
	l, err := launch.Lookup(VirtualLauncher)
	if err != nil || !l.Caps().Virtual {
		return "no virtual launcher registered"
	}
	caps := l.Caps()
	if s.Target.LLM.Launch == scenario.LLMContainer {
		return "target.llm.launch: container needs a container engine"
	}
	for i, st := range s.Timeline {
		where := fmt.Sprintf("timeline[%d] (%s:%d)", i, s.File, st.Line)
		switch {
		case st.Server != "" && !caps.Can(st.Server):
			return fmt.Sprintf("%s: server %s needs a real process (possible with %s)", where, st.Server,
				strings.Join(launch.Can(st.Server), ", "))
		case st.LLM != "":
			return fmt.Sprintf("%s: llm %s needs the fake LLM container", where, st.LLM)
		case st.Network != "":
			return fmt.Sprintf("%s: network %s needs the fake LLM container", where, st.Network)
		}
	}
	accepted := map[string]bool{}
	for _, k := range caps.Accepts.Keys() {
		accepted[k.Name] = k.Accepted
	}
	for _, k := range s.Target.Server.Keys() {
		if !accepted[k] {
			return fmt.Sprintf("target.server.%s needs launch: %s (not accepted by launch: %s)", k,
				s.Target.Server.Launch, VirtualLauncher)
		}
	}
	return ""
}

// useVirtual switches the run to the virtual launcher when it has a
// Network, refusing what cannot run in virtual time.
func (r *run) useVirtual() error {
	if r.o.Network == nil {
		return nil
	}
	if r.o.TargetURL != "" || r.o.LLMURL != "" {
		return fmt.Errorf("%w: a run on an in-memory network has no external target or fake LLM", ErrBadInput)
	}
	if why := VirtualSkip(r.s); why != "" {
		return fmt.Errorf("%w: %s: not possible in virtual time: %s", ErrBadInput, r.s.Name, why)
	}
	l, err := launch.Lookup(VirtualLauncher)
	if err != nil {
		return err
	}
	r.launch, r.caps = VirtualLauncher, l.Caps()
	return nil
}

// dial is the run's dialer for http.Transport.DialContext; nil (the real
// dialer) without a Network.
func (r *run) dial() dialFunc {
	if r.o.Network == nil {
		return nil
	}
	return r.o.Network.DialContext
}

// llmListener is the fake LLM's listener on the run's Network; nil (the
// fake LLM listens on its address) without one.
func (r *run) llmListener() (net.Listener, error) {
	if r.o.Network == nil {
		return nil, nil
	}
	return r.o.Network.Listen("tcp", "127.0.0.1:0")
}

// diagnosisClient fetches the diagnosis profiles over the run's Network;
// nil (diagnose's default client) without one.
func (r *run) diagnosisClient() *http.Client {
	if r.o.Network == nil {
		return nil
	}
	return &http.Client{Timeout: diagnose.RequestTimeout,
		Transport: &http.Transport{DialContext: r.o.Network.DialContext, DisableKeepAlives: true}}
}
