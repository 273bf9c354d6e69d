// Package probe measures a target on its own schedule: a health prober and
// a Prometheus scraper, each on its own goroutine with its own http.Client
// and Transport, so a probe is never queued behind uploads or behind the
// other probe. Both have Start/Close lifecycles and leave no goroutine.
package probe
