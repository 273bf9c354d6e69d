// Package promcheck runs a real Prometheus and asks it about queries.
//
// Start launches the prometheus binary (Debian package prometheus) on a free
// loopback port with a temporary data directory and a generated config that
// scrapes the given targets (and, optionally, loads rule files). WaitScrapes
// blocks, with a deadline, until every target has been scraped a few times;
// Check then substitutes Grafana's template variables the way Grafana's
// Prometheus datasource does ($__rate_interval, $__interval, $__range, the
// datasource variable, ...), runs each query as Grafana would (instant
// queries through /api/v1/query, time series panels through
// /api/v1/query_range over the dashboard range) and reports per query
// whether Prometheus parsed it, whether it ran, and whether it returned
// data. Close stops the process (SIGTERM, then SIGKILL after a grace
// period) and removes what Start created.
//
// LintMetrics runs a live /metrics endpoint through promtool check metrics.
// The end-to-end dashboard test feeds Check dashboards.AllChecks (every
// panel, annotation and rule expression, and a presence query per metric)
// against a live run; see Example.
package promcheck
