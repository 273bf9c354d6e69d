package report

import (
	"maps"
	"slices"
	"strings"
)

// metricLabels are the legend names of the metrics the plots draw; a
// metric not listed here is named by its own name without the hangar_
// prefix and _total suffix.
var metricLabels = map[string]string{
	MetricQueueDepth:       "queue depth",
	MetricStoreQueueDepth:  "store queue depth",
	MetricIndexedDocuments: "indexed (harness)",
	MetricFakeLLMRequests:  "requests",
}

// seriesLabel is a short legend name for the series of s: the metric's
// short name with its label values in parentheses, "queue depth (in
// progress)", or only the values, "chat, ok", when the plot draws one
// metric. Label names are left out: the values read on their own.
func seriesLabel(s Sample, metrics int) string {
	var vals []string
	for _, k := range slices.Sorted(maps.Keys(s.Labels)) {
		vals = append(vals, strings.ReplaceAll(s.Labels[k], "_", " "))
	}
	v := strings.Join(vals, ", ")
	switch {
	case metrics == 1 && v != "":
		return v
	case v == "":
		return metricLabel(s.Name)
	}
	return metricLabel(s.Name) + " (" + v + ")"
}

func metricLabel(name string) string {
	if l, ok := metricLabels[name]; ok {
		return l
	}
	name = strings.TrimSuffix(strings.TrimPrefix(name, "hangar_"), "_total")
	return strings.ReplaceAll(name, "_", " ")
}
