// Package dashboards holds hangar's observability as code: the Grafana
// dashboards (built with github.com/grafana/grafana-foundation-sdk/go and
// written as JSON under grafana/dashboards), the Prometheus scrape config and
// alert rules under prometheus/, and the list of metric names those queries
// may use (the contract with the server, fakellm and harness packages).
//
// Every panel query lives in the dashboard specs of this package, so Queries
// enumerates them all; RuleQueries does the same for the alert rules. Tests
// check each metric and label name a query uses against Metrics, compare the
// generated JSON with the committed files (go test -update rewrites them),
// and run promtool on the rules. Package promcheck runs the same queries
// through a real Prometheus.
//
// Regenerate the JSON with
//
//	go run ./dashboards/cmd/gen
package dashboards
