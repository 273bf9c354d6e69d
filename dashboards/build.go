package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// DatasourceVariable is the name of the dashboards' datasource template
// variable; every query and annotation refers to it, never to a uid.
const DatasourceVariable = "datasource"

// Default dashboard settings.
const (
	DefaultRefresh     = "10s"
	DefaultTimeFrom    = "now-30m"
	DefaultPanelWidth  = 8
	DefaultPanelHeight = 8
)

func datasourceRef() common.DataSourceRef {
	return common.DataSourceRef{Type: cog.ToPtr("prometheus"), Uid: cog.ToPtr("${" + DatasourceVariable + "}")}
}

// Build turns a dashboard spec into the Grafana dashboard model.
func Build(d Dashboard) (dashboard.Dashboard, error) {
	b := dashboard.NewDashboardBuilder(d.Title).
		Uid(d.UID).
		Description(d.Description).
		Tags(d.Tags).
		Editable().
		Refresh(DefaultRefresh).
		Time(DefaultTimeFrom, "now").
		Timezone(common.TimeZoneBrowser).
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		WithVariable(dashboard.NewDatasourceVariableBuilder(DatasourceVariable).
			Label("Data source").
			Type("prometheus"))
	for _, a := range d.Annotations {
		b.Annotation(annotation(a))
	}
	id := uint32(0)
	for _, row := range d.Rows {
		id++
		b.WithRow(dashboard.NewRowBuilder(row.Title).Id(id))
		if err := checkRowLayout(row); err != nil {
			return dashboard.Dashboard{}, fmt.Errorf("dashboard %s: %w", d.UID, err)
		}
		for _, p := range row.Panels {
			id++
			pb, err := panel(p, id)
			if err != nil {
				return dashboard.Dashboard{}, fmt.Errorf("dashboard %s: panel %q: %w", d.UID, p.Title, err)
			}
			b.WithPanel(pb)
		}
	}
	out, err := b.Build()
	if err != nil {
		return dashboard.Dashboard{}, fmt.Errorf("dashboard %s: %w", d.UID, err)
	}
	return out, nil
}

func annotation(a Annotation) *dashboard.AnnotationQueryBuilder {
	b := dashboard.NewAnnotationQueryBuilder().
		Name(a.Name).
		Datasource(datasourceRef()).
		Enable(true).
		IconColor(a.Color).
		Expr(a.Expr).
		TitleFormat(a.Title).
		Step("$__interval")
	if a.TagKeys != "" {
		b.TagKeys(a.TagKeys)
	}
	return b
}

func valueMappings(vs []ValueText) []dashboard.ValueMapping {
	if len(vs) == 0 {
		return nil
	}
	opts := map[string]dashboard.ValueMappingResult{}
	for i, v := range vs {
		opts[v.Value] = dashboard.ValueMappingResult{
			Text: cog.ToPtr(v.Text), Color: cog.ToPtr(v.Color), Index: cog.ToPtr(int32(i)),
		}
	}
	return []dashboard.ValueMapping{{ValueMap: &dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: opts}}}
}

// checkRowLayout rejects a row whose panels would run past the 24-column
// grid: the SDK wraps to a new line only after a panel has overflowed.
func checkRowLayout(row Row) error {
	x := uint32(0)
	for _, p := range row.Panels {
		w := p.Width
		if w == 0 {
			w = DefaultPanelWidth
		}
		if w > 24 || x+w > 24 {
			return fmt.Errorf("row %q: panel %q (width %d at column %d) overflows the 24-column grid", row.Title, p.Title, w, x)
		}
		x = (x + w) % 24
	}
	return nil
}
