package scenario

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
)

// TestInvalidFiles maps each testdata/invalid-*.yaml to the exact errors
// it must produce (every problem in the file, in file order).
func TestInvalidFiles(t *testing.T) {
	knownKinds := strings.Join(fakellm.ActionKinds(), ", ")
	tests := []struct {
		give string
		want string
	}{
		{give: "invalid-api-unknown.yaml", want: "testdata/invalid-api-unknown.yaml:4:8: target.api: no built-in API profile \"acme\" (have everos)"},
		{give: "invalid-api-both.yaml", want: "testdata/invalid-api-both.yaml:5:13: target.api_file: give api or api_file, not both"},
		{give: "invalid-api-inline.yaml", want: "testdata/invalid-api-inline.yaml:8:13: target.api.ingest.json: unknown placeholder {{nope}}\n" +
			"testdata/invalid-api-inline.yaml:10:21: target.api.ingest.id.pointer: JSON pointer \"no-slash\" must start with '/'"},
		{give: "invalid-api-file.yaml", want: "testdata/invalid-api-file.yaml:4:13: target.api_file: testdata/bad.api.yaml:7:8: state: needs a source: series, list, document or count"},
		{give: "invalid-api-port.yaml", want: "testdata/invalid-api-port.yaml:10:5: target.api: admin.metrics names port \"metrics\", which target.server.ports does not declare (have http)"},
		{give: "invalid-expect-failures.yaml", want: "testdata/invalid-expect-failures.yaml:7:35: expect_failures[1]: \"health.p99\" is not stated under expect\n" +
			"testdata/invalid-expect-failures.yaml:7:47: expect_failures[2]: unknown assertion \"nope.x\" (want one of health.p99, health.max, health.failures, uploads.answered_within, uploads.status, uploads.p95, progress.indexed_all_within, progress.forward_within, recovery.within, leaks.goroutines, llm_calls_per_document.max, resources.rss_growth, resources.heap_growth, resources.goroutine_growth, egress.refused)\n" +
			"testdata/invalid-expect-failures.yaml:7:55: expect_failures[3]: \"uploads.status\" listed twice"},
		{give: "invalid-container.yaml", want: "testdata/invalid-container.yaml:4:43: target.server.resources: not accepted by launch: subprocess (it takes args, env, egress, defects)\n" +
			"testdata/invalid-container.yaml:5:17: target.llm.launch: unknown launch \"docker\" (want one of \"inprocess\", \"container\")\n" +
			"testdata/invalid-container.yaml:9:19: timeline[0].llm: llm pause needs the fake LLM in a container (target.llm.launch: container)\n" +
			"testdata/invalid-container.yaml:10:23: timeline[1].network: network disconnect needs the fake LLM in a container (target.llm.launch: container)\n" +
			"testdata/invalid-container.yaml:11:19: timeline[2].llm: unknown action \"freeze\" (want one of \"pause\", \"resume\", \"stop\", \"start\")\n" +
			"testdata/invalid-container.yaml:11:36: timeline[2].network: unknown action \"cut\" (want one of \"disconnect\", \"connect\")"},
		{give: "invalid-container-resources.yaml", want: "testdata/invalid-container-resources.yaml:4:49: target.server.resources.cpus: must be above 0 and at most 64, got 0\n" +
			"testdata/invalid-container-resources.yaml:4:60: target.server.resources.memory: must be at least 16MiB, got 1MiB"},
		{give: "invalid-container-resources-empty.yaml", want: "testdata/invalid-container-resources-empty.yaml:6:16: target.server.resources: nothing to limit: give cpus, memory or both"},
		{give: "invalid-container-types.yaml", want: "testdata/invalid-container-types.yaml:4:49: target.server.resources.cpus: want a number, got \"quarter\"\n" +
			"testdata/invalid-container-types.yaml:4:66: target.server.resources.memory: invalid size \"lots\" (want a number with an optional unit B, KiB, MiB, GiB, KB, MB, GB)\n" +
			"testdata/invalid-container-types.yaml:4:72: target.server.resources: unknown key \"disk\""},
		{give: "invalid-corpus.yaml", want: "testdata/invalid-corpus.yaml:4:31: load.uploads.corpus: want \"generated\" or {dir: path}, got \"folder\""},
		{give: "invalid-defects.yaml", want: "testdata/invalid-defects.yaml:4:37: target.server.defects[1]: unknown defect \"no-such-defect\" (want one of \"batch-barrier\", \"health-behind-limiter\", \"no-lease-expiry\", \"no-llm-deadline\", \"sem-across-retries\", \"shared-llm-pool\", \"store-lock-across-call\")\n" +
			"testdata/invalid-defects.yaml:4:53: target.server.defects[2]: defect \"batch-barrier\" listed twice"},
		{give: "invalid-duplicate-key.yaml", want: "testdata/invalid-duplicate-key.yaml:4:23: load.uploads: duplicate key \"count\" (first at line 4)"},
		{give: "invalid-empty.yaml", want: "testdata/invalid-empty.yaml: empty scenario"},
		{give: "invalid-expect.yaml", want: "testdata/invalid-expect.yaml:6:11: expect.health: nothing to check: give p99, max or failures\n" +
			"testdata/invalid-expect.yaml:6:20: expect.health.window: only used with p99\n" +
			"testdata/invalid-expect.yaml:6:20: expect.health.window: 40s is longer than the run (duration 30s)\n" +
			"testdata/invalid-expect.yaml:7:30: expect.uploads.answered_within: must be positive, got 0s\n" +
			"testdata/invalid-expect.yaml:7:48: expect.uploads.status[1]: 99 is not an HTTP status code\n" +
			"testdata/invalid-expect.yaml:7:52: expect.uploads.status[2]: 600 is not an HTTP status code\n" +
			"testdata/invalid-expect.yaml:7:57: expect.uploads.status[3]: status 201 listed twice\n" +
			"testdata/invalid-expect.yaml:8:13: expect.progress: nothing to check: give indexed_all_within or forward_within\n" +
			"testdata/invalid-expect.yaml:9:13: expect.recovery: recovery needs a fault: add an llm plan or a timeline step\n" +
			"testdata/invalid-expect.yaml:9:22: expect.recovery.within: required and must be positive\n" +
			"testdata/invalid-expect.yaml:10:10: expect.leaks: nothing to check: set goroutines: true\n" +
			"testdata/invalid-expect.yaml:11:33: expect.llm_calls_per_document.max: must be positive, got 0"},
		{give: "invalid-expect-keys.yaml", want: "testdata/invalid-expect-keys.yaml:6:3: expect: unknown key \"helth\" (want one of \"health\", \"uploads\", \"progress\", \"recovery\", \"leaks\", \"llm_calls_per_document\", \"resources\", \"egress\")\n" +
			"testdata/invalid-expect-keys.yaml:7:22: expect.uploads: unknown key \"p59\" (want one of \"answered_within\", \"status\", \"p95\")\n" +
			"testdata/invalid-expect-keys.yaml:8:11: expect.health: want a mapping, got \"250ms\""},
		{give: "invalid-expect-p95.yaml", want: "testdata/invalid-expect-p95.yaml:6:18: expect.uploads.p95: must be positive, got 0s\n" +
			"testdata/invalid-expect-p95.yaml:6:30: expect.uploads.status: give at least one status code\n" +
			"testdata/invalid-expect-p95.yaml:7:29: expect.health.window: only used with p99\n" +
			"testdata/invalid-expect-p95.yaml:7:29: expect.health.window: must be positive, got 0s"},
		{give: "invalid-external.yaml", want: "testdata/invalid-external.yaml:4:35: target.server.url: invalid url \"ftp://example\" (want http://127.0.0.1:PORT)\n" +
			"testdata/invalid-external.yaml:4:61: target.server.defects: not accepted by launch: external (it takes url, admin_url)\n" +
			"testdata/invalid-external.yaml:8:22: timeline[0].server: server kill is not possible with launch: external (possible with container, inprocess, process, subprocess)"},
		{give: "invalid-load.yaml", want: "testdata/invalid-load.yaml:4:43: load.uploads.rate: give interval or rate, not both\n" +
			"testdata/invalid-load.yaml:4:56: load.uploads.corpus: corpus dir \"missing-dir\": no such file or directory"},
		{give: "invalid-missing.yaml", want: "testdata/invalid-missing.yaml:1:1: name: required\n" +
			"testdata/invalid-missing.yaml:1:1: duration: required (the hard stop for the whole run)\n" +
			"testdata/invalid-missing.yaml:3:12: load.uploads.count: required"},
		{give: "invalid-no-expect.yaml", want: "testdata/invalid-no-expect.yaml:1:1: expect: no assertions: state at least one of health, uploads, progress, recovery, leaks, llm_calls_per_document, resources, egress"},
		{give: "invalid-plan-both.yaml", want: "testdata/invalid-plan-both.yaml:4:39: target.llm.plan_file: give plan or plan_file, not both"},
		{give: "invalid-plan-file-missing.yaml", want: "testdata/invalid-plan-file-missing.yaml:4:20: target.llm.plan_file: cannot read plan file \"plans/nope.yaml\": no such file or directory"},
		{give: "invalid-plan-file-line.yaml", want: "testdata/invalid-plan-file-line.yaml:4:20: target.llm.plan_file: plans/typo.yaml:4:26: rules[0].action: unknown key \"durration\""},
		{give: "invalid-plan-file.yaml", want: "testdata/invalid-plan-file.yaml:4:20: target.llm.plan_file: plans/bad.yaml:5:11: rules[1].name: duplicate rule name \"a\" (also rules[0])"},
		{give: "invalid-plan-rules.yaml", want: "testdata/invalid-plan-rules.yaml:8:35: target.llm.plan.rules[0].match: unknown key \"evry\"\n" +
			"testdata/invalid-plan-rules.yaml:9:26: target.llm.plan.rules[0].action.kind: unknown action kind \"explode\" (known: " + knownKinds + ")\n" +
			"testdata/invalid-plan-rules.yaml:16:66: timeline[0].llm_plan.rules[0].action.code: want an HTTP error status in [400, 599], got 99"},
		{give: "invalid-plan-shape.yaml", want: "testdata/invalid-plan-shape.yaml:4:15: target.llm.plan: want a fakellm plan mapping such as {rules: [...]}, got a list\n" +
			"testdata/invalid-plan-shape.yaml:8:24: timeline[0].llm_plan: want a fakellm plan mapping such as {rules: [...]}, got \"no rules\""},
		{give: "invalid-process.yaml", want: "testdata/invalid-process.yaml:5:5: target.server.command: required with launch: process: [program, args...]\n" +
			"testdata/invalid-process.yaml:5:5: target.server.url: required with launch: process (the API base, e.g. http://127.0.0.1:{{port.http}})\n" +
			"testdata/invalid-process.yaml:6:11: target.server.args: not accepted by launch: process (it takes url, admin_url, command, env, ports, ready, egress)\n" +
			"testdata/invalid-process.yaml:7:39: target.server.env.KEY: unknown placeholder {{port.grpc}} (known: {{data_dir}}, {{llm_base_url}}, {{llm_url}}, {{port.http}}, {{proxy_url}})\n" +
			"testdata/invalid-process.yaml:7:61: target.server.env.BAD: invalid placeholder \"{{ Port }}\" (want {{name}} with a-z, 0-9, '_' and '.')\n" +
			"testdata/invalid-process.yaml:8:19: target.server.ports[1]: port \"http\" listed twice\n" +
			"testdata/invalid-process.yaml:8:25: target.server.ports[2]: port name \"Bad\": use lower-case letters, digits and '_'\n" +
			"testdata/invalid-process.yaml:9:18: target.server.ready.url: \"http://example.com:{{port.http}}/ready\": must render to a loopback http(s) URL such as http://127.0.0.1:{{port.http}}\n" +
			"testdata/invalid-process.yaml:9:74: target.server.ready.status[1]: 99 is not an HTTP status code\n" +
			"testdata/invalid-process.yaml:9:88: target.server.ready.timeout: must be positive, got 0s\n" +
			"testdata/invalid-process.yaml:10:13: target.server.egress: unknown egress \"open\" (want \"refuse\" or \"allow\")\n" +
			"testdata/invalid-process.yaml:11:16: target.server.resources: not accepted by launch: process (it takes url, admin_url, command, env, ports, ready, egress)"},
		{give: "invalid-process-command.yaml", want: "testdata/invalid-process-command.yaml:4:11: target.server.command: required with launch: process: [program, args...]\n" +
			"testdata/invalid-process-command.yaml:4:34: target.server.url: \"http://10.0.0.1:{{port.http}}\": must render to a loopback http(s) URL such as http://127.0.0.1:{{port.http}}\n" +
			"testdata/invalid-process-command.yaml:4:78: target.server.admin_url: unclosed \"{{\""},
		{give: "invalid-process-keys.yaml", want: "testdata/invalid-process-keys.yaml:6:14: target.server.command: not accepted by launch: inprocess (it takes args, defects)\n" +
			"testdata/invalid-process-keys.yaml:7:10: target.server.env: not accepted by launch: inprocess (it takes args, defects)\n" +
			"testdata/invalid-process-keys.yaml:8:12: target.server.ports: not accepted by launch: inprocess (it takes args, defects)\n" +
			"testdata/invalid-process-keys.yaml:9:10: target.server.url: not accepted by launch: inprocess (it takes args, defects)\n" +
			"testdata/invalid-process-keys.yaml:13:22: timeline[0].server: server pause is not possible with launch: inprocess (possible with container, process, subprocess)"},
		{give: "invalid-process-subprocess.yaml", want: "testdata/invalid-process-subprocess.yaml:4:41: target.server.command: not accepted by launch: subprocess (it takes args, env, egress, defects)\n" +
			"testdata/invalid-process-subprocess.yaml:4:58: target.server.args[0]: unknown placeholder {{llm_urll}} (known: {{data_dir}}, {{llm_base_url}}, {{llm_url}}, {{proxy_url}})\n" +
			"testdata/invalid-process-subprocess.yaml:4:90: target.server.admin_url: not accepted by launch: subprocess (it takes args, env, egress, defects)"},
		{give: "invalid-ranges.yaml", want: "testdata/invalid-ranges.yaml:1:7: name: \"Bad Name\": use lower-case letters, digits, '.', '_' and '-'\n" +
			"testdata/invalid-ranges.yaml:2:11: duration: must be positive and at most 24h, got -5s\n" +
			"testdata/invalid-ranges.yaml:4:20: target.server.launch: unknown launch \"docker\" (want one of \"container\", \"external\", \"inprocess\", \"process\", \"subprocess\")\n" +
			"testdata/invalid-ranges.yaml:6:20: load.uploads.count: must be between 1 and 100000, got 0\n" +
			"testdata/invalid-ranges.yaml:6:29: load.uploads.size: must be between 1B and 64MiB, got 0B\n" +
			"testdata/invalid-ranges.yaml:6:43: load.uploads.interval: must not be negative, got -1s\n" +
			"testdata/invalid-ranges.yaml:6:61: load.uploads.concurrency: must be between 1 and 1024, got 0\n" +
			"testdata/invalid-ranges.yaml:6:73: load.uploads.timeout: must be positive, got 0s\n" +
			"testdata/invalid-ranges.yaml:8:22: probes.health.interval: must be positive, got 0s\n" +
			"testdata/invalid-ranges.yaml:8:45: probes.health.path: must start with '/', got \"health\"\n" +
			"testdata/invalid-ranges.yaml:10:22: expect.health.failures: must not be negative, got -1"},
		{give: "invalid-resources.yaml", want: "testdata/invalid-resources.yaml:8:14: expect.resources: needs the server's metrics, which launch: external does not scrape\n" +
			"testdata/invalid-resources.yaml:8:27: expect.resources.rss_growth: must be positive (memory moves by pages), got 0B\n" +
			"testdata/invalid-resources.yaml:8:69: expect.resources.goroutine_growth: must not be negative, got -1\n" +
			"testdata/invalid-resources.yaml:8:81: expect.resources.warmup: 30s leaves no run after it (duration 30s)"},
		{give: "invalid-resources-empty.yaml", want: "testdata/invalid-resources-empty.yaml:6:14: expect.resources: nothing to check: give rss_growth, heap_growth or goroutine_growth\n" +
			"testdata/invalid-resources-empty.yaml:6:23: expect.resources.warmup: must be positive, got -2s"},
		{give: "invalid-resources-keys.yaml", want: "testdata/invalid-resources-keys.yaml:6:15: expect.resources: unknown key \"rss\" (want one of \"rss_growth\", \"heap_growth\", \"goroutine_growth\", \"warmup\")\n" +
			"testdata/invalid-resources-keys.yaml:6:40: expect.resources.heap_growth: invalid size \"lots\" (want a number with an optional unit B, KiB, MiB, GiB, KB, MB, GB)\n" +
			"testdata/invalid-resources-keys.yaml:6:64: expect.resources.goroutine_growth: want an integer, got \"few\""},
		{give: "invalid-syntax.yaml", want: "testdata/invalid-syntax.yaml:3: invalid YAML: did not find expected ',' or '}'"},
		{give: "invalid-timeline.yaml", want: "testdata/invalid-timeline.yaml:6:10: timeline[0].at: must be within the run (0s <= at < duration 30s), got 30s\n" +
			"testdata/invalid-timeline.yaml:7:21: timeline[1].after_uploads: must be between 0 and load.uploads.count (5), got 6\n" +
			"testdata/invalid-timeline.yaml:8:29: timeline[2].after_uploads: give at or after_uploads, not both\n" +
			"testdata/invalid-timeline.yaml:9:5: timeline[3]: needs a trigger: at or after_uploads\n" +
			"testdata/invalid-timeline.yaml:10:5: timeline[4]: needs an action: llm_plan, server, llm or network\n" +
			"testdata/invalid-timeline.yaml:11:22: timeline[5].server: unknown action \"explode\" (want one of \"kill\", \"restart\", \"pause\", \"resume\")"},
		{give: "invalid-top-list.yaml", want: "testdata/invalid-top-list.yaml:1:1: want a mapping at the top level, got a list"},
		{give: "invalid-two-docs.yaml", want: "testdata/invalid-two-docs.yaml:2:1: more than one YAML document (a scenario is one document)"},
		{give: "invalid-types.yaml", want: "testdata/invalid-types.yaml:1:7: name: want a string, got a list\n" +
			"testdata/invalid-types.yaml:2:7: seed: want an integer, got \"abc\"\n" +
			"testdata/invalid-types.yaml:3:11: duration: invalid duration \"ninety\" (want e.g. 500ms, 30s, 2m)\n" +
			"testdata/invalid-types.yaml:5:20: load.uploads.count: want an integer, got \"many\"\n" +
			"testdata/invalid-types.yaml:5:32: load.uploads.size: invalid size \"huge\" (want a number with an optional unit B, KiB, MiB, GiB, KB, MB, GB)\n" +
			"testdata/invalid-types.yaml:5:44: load.uploads.rate: invalid rate \"fast\" (want N/s, N/m or N/duration with 1 <= N <= 1000000)\n" +
			"testdata/invalid-types.yaml:5:59: load.uploads.timeout: invalid duration \"5\" (want e.g. 500ms, 30s, 2m)\n" +
			"testdata/invalid-types.yaml:7:23: expect.leaks.goroutines: want true or false, got \"maybe\"\n" +
			"testdata/invalid-types.yaml:8:33: expect.llm_calls_per_document.max: want a number, got \"lots\""},
		{give: "invalid-unknown-key.yaml", want: "testdata/invalid-unknown-key.yaml:6:5: load.uploads: unknown key \"concurency\""},
		{give: "invalid-unknown-top-key.yaml", want: "testdata/invalid-unknown-top-key.yaml:2:1: unknown key \"duraton\""},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.give] = true
		t.Run(tt.give, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", tt.give))
			if err == nil {
				t.Fatalf("Load(%s) = nil error, want\n%s", tt.give, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Fatalf("Load(%s) error:\n%s\nwant:\n%s", tt.give, got, tt.want)
			}
		})
	}
	files, _ := filepath.Glob("testdata/invalid-*.yaml")
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("%s has no expected message in the table", f)
		}
	}
}
