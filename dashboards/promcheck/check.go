package promcheck

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hangarhq/hangar/dashboards"
)

// Outcome is what Prometheus made of one query.
type Outcome struct {
	Query    dashboards.Query
	Expanded string // the expression sent, Grafana variables substituted
	ParseOK  bool   // Prometheus parsed it (and the variables expanded)
	HasData  bool   // it returned at least one series or a scalar
	Series   int
	Err      string // parse, expansion, execution or transport error
}

// Problem says what is wrong with the outcome, or "" when nothing is: a
// query must parse, run and, unless marked MayBeEmpty, return data.
func (o Outcome) Problem() string {
	where := o.Query.Source + " / " + o.Query.Panel
	if o.Query.RefID != "" {
		where += " [" + o.Query.RefID + "]"
	}
	switch {
	case !o.ParseOK:
		return fmt.Sprintf("%s: does not parse: %s\n    %s", where, o.Err, o.Expanded)
	case o.Err != "":
		return fmt.Sprintf("%s: failed: %s\n    %s", where, o.Err, o.Expanded)
	case !o.HasData && o.Query.MayBeEmpty == "":
		return fmt.Sprintf("%s: returned no data\n    %s", where, o.Expanded)
	}
	return ""
}

// Check runs every query, expanded with vars, the way Grafana would: an
// Instant query at vars.To, any other as a range query over the dashboard
// range ending at vars.To with $__interval as the step (so a series that
// existed during the range counts as data even if it is gone at the end).
// It never stops early: each query gets its own outcome. ctx bounds the
// whole check.
func (p *Prometheus) Check(ctx context.Context, qs []dashboards.Query, vars Vars) []Outcome {
	out := make([]Outcome, 0, len(qs))
	for _, q := range qs {
		out = append(out, p.checkOne(ctx, q, vars))
	}
	return out
}

func (p *Prometheus) checkOne(ctx context.Context, q dashboards.Query, vars Vars) Outcome {
	o := Outcome{Query: q, Expanded: q.Expr}
	expanded, err := Expand(q.Expr, vars)
	if err != nil {
		o.Err = err.Error()
		return o
	}
	o.Expanded = expanded
	r, err := p.run(ctx, q, expanded, vars)
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.IsParseError():
		o.Err = apiErr.Msg
		return o
	case err != nil:
		o.ParseOK = true
		o.Err = err.Error()
		return o
	}
	o.ParseOK = true
	o.Series = r.Len()
	o.HasData = o.Series > 0
	return o
}

// Problems collects the problems of a set of outcomes.
func Problems(outcomes []Outcome) []string {
	var out []string
	for _, o := range outcomes {
		if p := o.Problem(); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (p *Prometheus) run(ctx context.Context, q dashboards.Query, expr string, vars Vars) (QueryResult, error) {
	vars = vars.withDefaults()
	to := vars.To
	if to.IsZero() {
		to = time.Now()
	}
	if q.Instant {
		return p.QueryAt(ctx, expr, to)
	}
	return p.QueryRange(ctx, expr, to.Add(-vars.Range), to, vars.Interval())
}
