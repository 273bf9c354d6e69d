package dashboards_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/dashboards"
)

// walk calls fn for every JSON object under v, with its path.
func walk(path string, v any, fn func(path string, obj map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(path, x)
		for k, c := range x {
			walk(path+"."+k, c, fn)
		}
	case []any:
		for i, c := range x {
			walk(fmt.Sprintf("%s[%d]", path, i), c, fn)
		}
	}
}

func renderedModels(t *testing.T) map[string]map[string]any {
	t.Helper()
	files, err := dashboards.Render()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, f := range files {
		var m map[string]any
		if err := json.Unmarshal(f.Data, &m); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = m
	}
	return out
}

// No hard-coded datasource: every datasource reference is the template
// variable, and the variable exists.
func TestDashboardsUseDatasourceVariable(t *testing.T) {
	for name, m := range renderedModels(t) {
		var refs int
		walk(name, m, func(path string, obj map[string]any) {
			ds, ok := obj["datasource"]
			if !ok {
				return
			}
			refs++
			ref, _ := ds.(map[string]any)
			if ref["uid"] != "${datasource}" || ref["type"] != "prometheus" {
				t.Errorf("%s.datasource = %v, want the ${datasource} variable", path, ds)
			}
		})
		if refs == 0 {
			t.Errorf("%s: no datasource references at all", name)
		}
		vars := m["templating"].(map[string]any)["list"].([]any)
		v := vars[0].(map[string]any)
		if v["type"] != "datasource" || v["name"] != "datasource" || v["query"] != "prometheus" {
			t.Errorf("%s: first variable = %v, want the prometheus datasource variable", name, v)
		}
		if _, hasCurrent := v["current"]; hasCurrent {
			t.Errorf("%s: datasource variable pins a current value", name)
		}
	}
}

func TestDashboardsLayout(t *testing.T) {
	for name, m := range renderedModels(t) {
		ids := map[float64]bool{}
		titles := map[string]bool{}
		for _, p := range m["panels"].([]any) {
			panel := p.(map[string]any)
			id, _ := panel["id"].(float64)
			title, _ := panel["title"].(string)
			if id == 0 || ids[id] {
				t.Errorf("%s: panel %q has id %v (zero or duplicate)", name, title, id)
			}
			ids[id] = true
			if titles[title] {
				t.Errorf("%s: two panels titled %q", name, title)
			}
			titles[title] = true
			pos := panel["gridPos"].(map[string]any)
			if x, w := pos["x"].(float64), pos["w"].(float64); x+w > 24 {
				t.Errorf("%s: panel %q overflows the grid (x=%v w=%v)", name, title, x, w)
			}
			if panel["type"] == "row" {
				continue
			}
			if ts, _ := panel["targets"].([]any); len(ts) == 0 {
				t.Errorf("%s: panel %q has no query", name, title)
			}
		}
	}
}

func TestQueriesCoverEveryPanelTarget(t *testing.T) {
	var want int
	for _, m := range renderedModels(t) {
		walk("", m["panels"], func(_ string, obj map[string]any) {
			if _, ok := obj["expr"]; ok {
				want++
			}
		})
		walk("", m["annotations"], func(_ string, obj map[string]any) {
			if _, ok := obj["expr"]; ok {
				want++
			}
		})
	}
	if got := len(dashboards.Queries()); got != want {
		t.Fatalf("Queries() lists %d expressions, the JSON holds %d", got, want)
	}
}

func TestBuildRejectsBadSpecs(t *testing.T) {
	target := []dashboards.Target{{Expr: "up"}}
	tests := []struct {
		name string
		give []dashboards.Panel
		want string
	}{
		{name: "overflow", give: []dashboards.Panel{{Title: "a", Width: 16, Targets: target}, {Title: "b", Width: 12, Targets: target}},
			want: `row "r": panel "b" (width 12 at column 16) overflows`},
		{name: "too wide", give: []dashboards.Panel{{Title: "a", Width: 25, Targets: target}}, want: "overflows"},
		{name: "no query", give: []dashboards.Panel{{Title: "a"}}, want: `panel "a": 0 targets`},
		{name: "unknown kind", give: []dashboards.Panel{{Title: "a", Kind: dashboards.PanelKind(99), Targets: target}}, want: "unknown panel kind 99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dashboards.Build(dashboards.Dashboard{UID: "u", Title: "t", Rows: []dashboards.Row{{Title: "r", Panels: tt.give}}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
