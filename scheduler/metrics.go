package scheduler

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	sends     *prometheus.CounterVec
	collector *depthCollector
}

func newMetrics(o *Outbox) *metrics {
	return &metrics{
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "officebot_outbox_sends_total",
			Help: "Outbox delivery attempts by outcome: sent, retried (5xx, network), rate_limited (429), failed (permanent), recovered (found delivered after a lost claim).",
		}, []string{"outcome"}),
		collector: &depthCollector{o: o,
			pending: prometheus.NewDesc("officebot_outbox_pending", "Messages waiting in the outbox.", nil, nil),
			failed:  prometheus.NewDesc("officebot_outbox_failed", "Messages that failed permanently and wait for an admin.", nil, nil),
			oldest:  prometheus.NewDesc("officebot_outbox_oldest_pending_age_seconds", "Age of the oldest pending message (0 when none).", nil, nil),
		},
	}
}

// Collectors returns the outbox's Prometheus collectors for the /metrics
// endpoint: officebot_outbox_sends_total{outcome}, officebot_outbox_pending,
// officebot_outbox_failed and officebot_outbox_oldest_pending_age_seconds
// (the gauges read the database at scrape time, so they count the work of
// every replica). Register them once per process.
func (o *Outbox) Collectors() []prometheus.Collector {
	o.init()
	for _, l := range []string{"sent", "retried", "rate_limited", "failed", "recovered"} {
		o.metrics.sends.WithLabelValues(l) // export zeros from the start
	}
	return []prometheus.Collector{o.metrics.sends, o.metrics.collector}
}

type depthCollector struct {
	o                       *Outbox
	pending, failed, oldest *prometheus.Desc
}

func (c *depthCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.failed
	ch <- c.oldest
}

func (c *depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := c.o.Store.OutboxStats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.pending, err)
		return
	}
	age := 0.0
	if st.OldestPending != nil {
		age = max(c.o.Clock.Now().Sub(*st.OldestPending).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(st.Pending))
	ch <- prometheus.MustNewConstMetric(c.failed, prometheus.GaugeValue, float64(st.Failed))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age)
}
