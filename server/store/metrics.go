package store

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

type writerMetrics struct {
	duration prometheus.Histogram
	rejected *prometheus.CounterVec
}

func newWriterMetrics(reg prometheus.Registerer, depth func() float64) (*writerMetrics, error) {
	m := &writerMetrics{
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "hangar_store_write_duration_seconds",
			Help:    "Time the single store writer spent running one write.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10),
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hangar_store_writes_rejected_total",
			Help: "Writes refused with ErrBusy, by reason (queue_full, deadline).",
		}, []string{"reason"}),
	}
	if reg == nil {
		return m, nil
	}
	queue := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "hangar_store_queue_depth",
		Help: "Writes waiting for the single store writer.",
	}, depth)
	for _, c := range []prometheus.Collector{queue, m.duration, m.rejected} {
		if err := reg.Register(c); err != nil {
			var are prometheus.AlreadyRegisteredError
			if errors.As(err, &are) {
				return nil, errors.New("store metrics already registered: one store per registerer")
			}
			return nil, err
		}
	}
	return m, nil
}
