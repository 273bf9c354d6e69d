package dashboards

// Default scrape targets of prometheus/prometheus.yml (and make observe):
// where the hangar processes listen when started with their default flags.
const (
	DefaultServerAdminAddr    = "127.0.0.1:8001" // hangar server --admin-addr
	DefaultFakeLLMAddr        = "127.0.0.1:8585" // hangar fakellm --addr
	DefaultHarnessMetricsAddr = "127.0.0.1:9464" // hangar run --metrics-addr
	DefaultPrometheusAddr     = "127.0.0.1:9090" // Prometheus in make observe, the provisioned datasource
)

// Job names used in prometheus.yml; the dashboards do not depend on them
// (they group by job), the alert rules neither.
const (
	JobServer  = "hangar-server"
	JobFakeLLM = "fakellm"
	JobHarness = "hangar-harness"
)
