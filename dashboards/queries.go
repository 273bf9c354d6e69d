package dashboards

// Query is one PromQL expression used by a dashboard panel, a dashboard
// annotation or an alert rule, with where it comes from.
type Query struct {
	Source string // dashboard uid, or the rules file name for alert rules
	Panel  string // panel title, "annotation: <name>" or "alert: <name>"
	RefID  string // A, B, ... within the panel; empty for annotations and rules
	Expr   string // as written, Grafana variables unexpanded
	// Instant is set for queries Grafana runs as instant queries.
	Instant bool
	// MayBeEmpty, when set, is why the query may return no series in a
	// healthy run; empty means it must return data.
	MayBeEmpty string
}

// DashboardQueries lists every panel and annotation query of one dashboard,
// in panel order.
func DashboardQueries(d Dashboard) []Query {
	var qs []Query
	for _, a := range d.Annotations {
		qs = append(qs, Query{Source: d.UID, Panel: "annotation: " + a.Name, Expr: a.Expr, MayBeEmpty: a.MayBeEmpty})
	}
	for _, row := range d.Rows {
		for _, p := range row.Panels {
			for i, t := range p.Targets {
				qs = append(qs, Query{
					Source: d.UID, Panel: p.Title, RefID: string(rune('A' + i)),
					Expr: t.Expr, Instant: t.Instant, MayBeEmpty: t.MayBeEmpty,
				})
			}
		}
	}
	return qs
}

// Queries lists every panel and annotation query of every dashboard.
func Queries() []Query {
	var qs []Query
	for _, d := range All() {
		qs = append(qs, DashboardQueries(d)...)
	}
	return qs
}

// AllChecks is what the end-to-end check runs against a live scenario:
// every dashboard query, every rule expression, and one presence query per
// metric they use (metrics in AbsentUntilUsed may be absent).
func AllChecks() ([]Query, error) {
	rules, err := RuleQueries()
	if err != nil {
		return nil, err
	}
	qs := append(Queries(), rules...)
	presence, err := MetricQueries(qs, AbsentUntilUsed)
	if err != nil {
		return nil, err
	}
	return append(qs, presence...), nil
}
