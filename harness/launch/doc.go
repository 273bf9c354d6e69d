// Package launch obtains the server under test. A Launcher is a registry
// entry (Register in its file's init) with Caps, known before anything
// starts — the server actions it performs, the Spec fields it accepts,
// its leak mode, whether it runs in virtual time — and Launch, which
// starts (or finds) a server from a Spec and returns a Target. The run and
// the scenario validator ask Caps; they never compare launcher names.
//
//	inprocess   server.New in the harness process: kill, restart;
//	            defects; leak check goleak; Virtual
//	process     any binary (process.go): command, env, ports, ready, url,
//	            admin_url, egress; kill, restart, pause, resume
//	subprocess  `hangar server` as a process (the short form: it fills in
//	            the command, the http and admin ports and readiness, then
//	            delegates to process); args, env, defects, egress
//	container   the server in a container (testcontainers-go, container.go):
//	            kill = docker kill, pause/resume = docker pause, restart keeps
//	            the bind-mounted data dir and the ports; args, env, defects,
//	            resources
//	external    an already running server at url (admin_url optional); no
//	            actions
//
// The process launcher allocates each named port free on 127.0.0.1 before
// the first start and renders the placeholders of package placeholder in
// the command, env values and URLs ({{port.NAME}}, {{data_dir}},
// {{llm_url}}, {{llm_base_url}}, {{proxy_url}}). The child leads its own
// process group and gets SIGKILL when the harness dies (Pdeathsig): kill is
// SIGKILL of the group, pause and resume SIGSTOP and SIGCONT of the group,
// returning once /proc shows every thread of every member stopped or
// running; restart keeps the ports and the data dir; Close is SIGTERM, a
// grace period (StopGrace), then SIGKILL of whatever is left of the group.
// stdout and stderr go to Spec.Log (the run's server.log). With
// Spec.ProxyURL set (the run's refusing egress proxy), HTTP_PROXY,
// HTTPS_PROXY and their lower-case forms point at it and NO_PROXY is
// 127.0.0.1,localhost.
//
// Limitation: the parent-death signal reaches the direct child only. When
// the harness is SIGKILLed, a grandchild that neither dies with its parent
// nor exits by itself survives; every other exit path (SIGTERM, the end of
// the run, a failed start) kills the whole group.
package launch
