// Package probe measures a target on its own schedule: a health prober and
// a Prometheus scraper, each on its own goroutine with its own http.Client
// and Transport, so a probe is never queued behind uploads or behind the
// other probe. The health prober opens a new connection for every probe
// (a probe's latency includes the connect), so each probe is a request of
// its own in the target's goroutine dumps. Both have Start/Close
// lifecycles and leave no goroutine and no connection behind.
package probe
