package dashboards

// The dashboards are declared as plain data (this file's types, filled in by
// one file per dashboard) and turned into Grafana JSON by build.go. Keeping
// the queries as data is what lets Queries enumerate every one of them.

// PanelKind selects the Grafana visualisation of a panel.
type PanelKind int

// Panel kinds.
const (
	TimeSeries PanelKind = iota
	Stat
	StateTimeline
	Table
)

// Dashboard is one Grafana dashboard.
type Dashboard struct {
	UID         string // stable; also the JSON file name
	Title       string
	Description string
	Tags        []string
	Rows        []Row
	Annotations []Annotation
}

// Row groups panels under a heading.
type Row struct {
	Title  string
	Panels []Panel
}

// Panel is one visualisation and its queries.
type Panel struct {
	Title       string
	Description string
	Kind        PanelKind
	Unit        string // Grafana unit id: "s", "bytes", "reqps", "short", ...
	Width       uint32 // grid columns of 24; 0 means 8
	Stack       bool   // stack time series
	Mappings    []ValueText
	Targets     []Target
}

// ValueText maps a numeric value to the text (and colour) Grafana shows.
type ValueText struct {
	Value string
	Text  string
	Color string
}

// Target is one PromQL query of a panel.
type Target struct {
	Expr    string
	Legend  string
	Instant bool // instant query (stat and table panels)
	// MayBeEmpty, when set, says why this query can legitimately return no
	// series in a healthy short run; the end-to-end check accepts no data
	// for it and requires data for every other query.
	MayBeEmpty string
}

// Annotation is a Prometheus annotation query: every sample of Expr marks
// the time series panels of the dashboard.
type Annotation struct {
	Name       string
	Expr       string
	Title      string // titleFormat, may use {{label}}
	TagKeys    string // comma-separated label names shown as tags
	Color      string
	MayBeEmpty string
}
