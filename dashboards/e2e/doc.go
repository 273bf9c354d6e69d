// Package e2e holds the end-to-end check of the dashboards and alert rules
// against a live run. It has no code of its own: its test starts a real Prometheus
// (package promcheck) scraping an in-process hangar server, fake LLM and
// harness metrics endpoint, runs a short scenario with a fault window, then
// runs every panel query, annotation and rule expression of every dashboard
// through Prometheus' HTTP API with Grafana's variable substitution, and
// lints the live /metrics of each process with `promtool check metrics`.
//
// The harness sets its assertion verdicts (hangar_harness_assertion_verdict)
// only when a run ends. `hangar run --metrics-addr` waits for one more scrape
// before it closes its endpoint (--metrics-linger); the test, which serves
// the harness metrics itself, keeps its endpoint up until every target has
// been scraped twice more, so the verdict panels are checked for data here.
//
// It lives in its own package so that `go test ./dashboards/` stays fast
// and free of the server and harness dependency graph. The test skips when
// prometheus or promtool is not installed, unless HANGAR_REQUIRE_PROMTOOL=1
// (CI), where that is a failure.
package e2e
