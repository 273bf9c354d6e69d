package dashboards

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/stat"
	"github.com/grafana/grafana-foundation-sdk/go/statetimeline"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// panel builds one panel of the given kind; id must be unique in its dashboard.
func panel(p Panel, id uint32) (cog.Builder[dashboard.Panel], error) {
	width := p.Width
	if width == 0 {
		width = DefaultPanelWidth
	}
	targets, err := targets(p.Targets, p.Kind == Table)
	if err != nil {
		return nil, err
	}
	switch p.Kind {
	case TimeSeries:
		return timeSeriesPanel(p, id, width, targets), nil
	case Stat:
		return stat.NewPanelBuilder().Id(id).Title(p.Title).Description(p.Description).
			Datasource(datasourceRef()).Span(width).Height(DefaultPanelHeight).
			Unit(p.Unit).Mappings(valueMappings(p.Mappings)).Targets(targets).
			Orientation(common.VizOrientationAuto).
			ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"})), nil
	case StateTimeline:
		return statetimeline.NewPanelBuilder().Id(id).Title(p.Title).Description(p.Description).
			Datasource(datasourceRef()).Span(width).Height(DefaultPanelHeight).
			Mappings(valueMappings(p.Mappings)).Targets(targets).
			MergeValues(true).ShowValue(common.VisibilityModeAuto), nil
	case Table:
		return table.NewPanelBuilder().Id(id).Title(p.Title).Description(p.Description).
			Datasource(datasourceRef()).Span(width).Height(DefaultPanelHeight).
			Unit(p.Unit).Mappings(valueMappings(p.Mappings)).Targets(targets).
			// Grafana expects a reducer list even with the footer hidden.
			Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{"sum"})), nil
	}
	return nil, fmt.Errorf("unknown panel kind %d", p.Kind)
}

func timeSeriesPanel(p Panel, id, width uint32, targets []cog.Builder[variants.Dataquery]) *timeseries.PanelBuilder {
	b := timeseries.NewPanelBuilder().Id(id).Title(p.Title).Description(p.Description).
		Datasource(datasourceRef()).Span(width).Height(DefaultPanelHeight).
		Unit(p.Unit).Min(0).FillOpacity(10).Targets(targets).
		Legend(common.NewVizLegendOptionsBuilder().ShowLegend(true).
			DisplayMode(common.LegendDisplayModeList).Placement(common.LegendPlacementBottom))
	if p.Stack {
		b.Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal))
	}
	return b
}

// targets builds the Prometheus queries of a panel, with RefIds A, B, ...
// Table panels ask for the table format, the others for time series.
func targets(ts []Target, tableFormat bool) ([]cog.Builder[variants.Dataquery], error) {
	if len(ts) == 0 || len(ts) > 26 {
		return nil, fmt.Errorf("%d targets, want 1 to 26", len(ts))
	}
	out := make([]cog.Builder[variants.Dataquery], 0, len(ts))
	for i, t := range ts {
		q := prometheus.NewDataqueryBuilder().
			RefId(string(rune('A' + i))).
			Datasource(datasourceRef()).
			Expr(t.Expr).
			LegendFormat(t.Legend)
		if t.Instant {
			q.Instant()
		} else {
			q.Range()
		}
		if tableFormat {
			q.Format(prometheus.PromQueryFormatTable)
		}
		out = append(out, q)
	}
	return out, nil
}
