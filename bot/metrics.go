package bot

import (
	"net/http"
	"path"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the bot's Prometheus metrics, on a registry of its own so
// several bots (tests, benchmarks) live in one process.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec   // endpoint, outcome
	ack      *prometheus.HistogramVec // endpoint
	api      *prometheus.CounterVec   // method, status
	inFlight prometheus.Gauge
	socket   *prometheus.CounterVec // event
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "officebot_slack_requests_total",
			Help: "Slack deliveries received, by endpoint (commands, interactions, events, socket_*) and outcome.",
		}, []string{"endpoint", "outcome"}),
		ack: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "officebot_slack_ack_seconds",
			Help:    "Time from receiving a Slack delivery to acknowledging it.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"endpoint"}),
		api: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "officebot_slack_api_calls_total",
			Help: "Slack Web API and response_url calls, by method and HTTP status (or transport_error).",
		}, []string{"method", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "officebot_slack_work_in_flight",
			Help: "Requests acknowledged and still being handled.",
		}),
		socket: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "officebot_slack_socket_events_total",
			Help: "Socket Mode connection events (connected, connection_error, watchdog_reconnect, ...).",
		}, []string{"event"}),
	}
	m.reg.MustRegister(m.requests, m.ack, m.api, m.inFlight, m.socket,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// countingTransport counts the HTTP calls to Slack by API method.
type countingTransport struct {
	next    http.RoundTripper
	metrics *metrics
	method  string // fixed label (response_url); empty: the URL's last path element
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	method := t.method
	if method == "" {
		method = path.Base(r.URL.Path)
	}
	resp, err := t.next.RoundTrip(r)
	status := "transport_error"
	if err == nil {
		status = strconv.Itoa(resp.StatusCode)
	}
	t.metrics.api.WithLabelValues(method, status).Inc()
	return resp, err
}

// RegisterMetrics adds collectors of other parts of the program (the
// outbox's depth and sends) to the bot's /metrics.
func (b *Bot) RegisterMetrics(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := b.metrics.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
