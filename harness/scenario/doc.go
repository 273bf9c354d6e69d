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
// expect is decoded through the assertion registry (harness/assert): each
// group key (health, uploads, …) holds the keys of its entries, each
// decoded into the parameter type its entry declares, and the entries'
// own checks validate them. Expect is the set of stated entries; adding an
// assertion touches no file here. docs/assertions.md lists them.
//
// Containers: target.server.resources {cpus: 0.25, memory:
// 128MiB} limits a launch: container server; target.llm.launch: container
// runs the fake LLM in a container on a network of its own, which timeline
// steps act on with llm: pause|resume|stop|start and network:
// disconnect|connect. Each is an error, with its line, where the launch
// cannot do it.
//
// target.server.launch is one of launch.Names(); each launcher's Caps say
// which target.server keys it accepts (any other given key is an error
// naming it) and which timeline server actions it performs. launch:
// process runs any binary:
//
//	server:
//	  launch: process
//	  command: [./bin/server, --listen, "127.0.0.1:{{port.http}}", --data, "{{data_dir}}"]
//	  env: {OPENAI_BASE_URL: "{{llm_base_url}}"}
//	  ports: [http, pprof]              # allocated on 127.0.0.1, kept across restarts
//	  ready: {url: "http://127.0.0.1:{{port.http}}/ready", status: [200], timeout: 60s}
//	  url: "http://127.0.0.1:{{port.http}}"
//	  admin_url: "http://127.0.0.1:{{port.pprof}}"   # metrics and pprof, optional
//	  egress: refuse                    # the default; allow leaves HTTP(S)_PROXY alone
//
// Placeholders (package placeholder): {{port.NAME}} for each listed port,
// {{data_dir}}, {{llm_url}} (the fake LLM without /v1), {{llm_base_url}}
// and {{proxy_url}}; an unknown one is an error at its key. subprocess
// args and env values take them too (without ports).
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
