// Package scenario defines hangar's scenario format and loads it strictly.
//
// A scenario names what to launch (the server under test and the fake LLM
// with its fault plan), the load to drive, the probes to run, a timeline of
// faults and actions, and the assertions that decide the verdict:
//
//	name: seed-316
//	seed: 316
//	duration: 45s
//	target:
//	  server: {launch: subprocess, defects: []}
//	  llm: {plan: {rules: []}}
//	load:
//	  uploads: {count: 20, size: 80KiB, interval: 0s, concurrency: 1, timeout: 30s}
//	probes:
//	  health: {interval: 100ms, timeout: 1s}
//	timeline:
//	  - {after_uploads: 3, llm_plan: {rules: [...]}}
//	expect:
//	  health: {p99: 250ms, max: 1s, failures: 0, window: 5s}
//	  resources: {rss_growth: 64MiB, heap_growth: 16MiB, goroutine_growth: 10}
//
// expect.resources bounds how much the server's resident memory, Go heap in
// use and goroutine count grow from the sample taken just before load (or,
// with warmup: 5s, the first one at least 5s after load started) to the
// sample taken after drain, read from its /metrics
// (process_resident_memory_bytes, go_memstats_heap_inuse_bytes,
// go_goroutines); it needs a launched server, not launch: external.
//
// Containers: target.server.resources {cpus: 0.25, memory:
// 128MiB} limits a launch: container server; target.llm.launch: container
// runs the fake LLM in a container on a network of its own, which timeline
// steps act on with llm: pause|resume|stop|start and network:
// disconnect|connect. Each is an error, with its line, where the launch
// cannot do it.
//
// Loading is strict: an unknown key, a value of the wrong type or a value
// that makes no sense (a negative duration, a status code 999, a step after
// the end of the run, an unknown defect) is an error naming the file, line,
// column and key path, for example
//
//	seed-316.yaml:12:5: load.uploads: unknown key "concurency"
//
// Every error in a file is reported, not only the first. Decoding is the
// project's one strict decoder (internal/strictyaml); defaults are applied
// in one place (applyDefaults) and semantic checks live in one place
// (validate*.go), reporting at the positions the decoder recorded. Fault
// plans, inline or in a plan_file (resolved relative to the scenario file),
// are decoded by fakellm.DecodePlanNode, so a scenario accepts exactly the
// plans the fake LLM does and reports plan errors at their line and
// column; Plan.Decoded holds the result. Defect names come
// from server.DefectNames.
//
// Load reads a file, Parse takes bytes, ParseFS reads from an fs.FS (the
// embedded scenarios of package scenarios).
package scenario
