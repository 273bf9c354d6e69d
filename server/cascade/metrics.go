package cascade

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/hangarhq/hangar/server/store"
)

type metrics struct {
	depth        *prometheus.GaugeVec
	completed    prometheus.Counter
	failed       prometheus.Counter
	retries      prometheus.Counter
	oldestAge    prometheus.Gauge
	lastProgress prometheus.Gauge
	reclaims     prometheus.Counter
	inflight     prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		depth: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "hangar_cascade_queue_depth",
			Help: "Change rows by status (refreshed every poll interval)."}, []string{"status"}),
		completed: prometheus.NewCounter(prometheus.CounterOpts{Name: "hangar_cascade_completed_total",
			Help: "Documents this instance indexed."}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{Name: "hangar_cascade_failed_total",
			Help: "Documents this instance marked failed after their last attempt."}),
		retries: prometheus.NewCounter(prometheus.CounterOpts{Name: "hangar_cascade_retries_total",
			Help: "Failed indexing attempts scheduled for a retry."}),
		oldestAge: prometheus.NewGauge(prometheus.GaugeOpts{Name: "hangar_cascade_oldest_pending_age_seconds",
			Help: "Age of the oldest pending change row, 0 when none."}),
		lastProgress: prometheus.NewGauge(prometheus.GaugeOpts{Name: "hangar_cascade_last_progress_timestamp_seconds",
			Help: "Unix time a document last reached indexed or failed."}),
		reclaims: prometheus.NewCounter(prometheus.CounterOpts{Name: "hangar_cascade_lease_reclaims_total",
			Help: "Indexing rows handed back: expired leases and rows recovered from a previous instance on start."}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "hangar_cascade_inflight",
			Help: "Documents being indexed by this instance."}),
	}
	for _, s := range store.Statuses {
		m.depth.WithLabelValues(string(s))
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.depth, m.completed, m.failed, m.retries, m.oldestAge,
		m.lastProgress, m.reclaims, m.inflight} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
