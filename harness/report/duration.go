package report

import (
	"encoding/json"
	"fmt"
	"time"
)

// Duration is an offset from the start of a run (or a latency). It is a
// time.Duration written in JSON as a Go duration string ("1.25s"), which
// parses back exactly; ReadJSON also accepts integer nanoseconds.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// Seconds returns d in seconds.
func (d Duration) Seconds() float64 { return time.Duration(d).Seconds() }

// String formats d like time.Duration.
func (d Duration) String() string { return time.Duration(d).String() }

// Short formats d for people: milliseconds above a second, tens of
// microseconds above a millisecond ("20.662s", "16.62ms").
func (d Duration) Short() string {
	v := time.Duration(d)
	switch a := max(v, -v); {
	case a >= time.Second:
		v = v.Round(time.Millisecond)
	case a >= time.Millisecond:
		v = v.Round(10 * time.Microsecond)
	}
	return v.String()
}

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a duration string or integer nanoseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var ns int64
		if err := json.Unmarshal(b, &ns); err != nil {
			return fmt.Errorf("duration: want a string like \"1.5s\" or integer nanoseconds, got %s", b)
		}
		*d = Duration(ns)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	*d = Duration(v)
	return nil
}
