package fakellm

import (
	"encoding/json"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a time.Duration written as a Go duration string ("500ms",
// "30s") in plans. Negative durations are rejected.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// MarshalYAML writes d as a duration string.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

func (d *Duration) decodeNode(n *yaml.Node, path string) error {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return errAt(n, path, "want a duration such as \"500ms\" or \"30s\", got %s", describe(n))
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return errAt(n, path, "bad duration %q: want a Go duration such as \"500ms\" or \"30s\"", n.Value)
	}
	if v < 0 {
		return errAt(n, path, "duration %q is negative", n.Value)
	}
	*d = Duration(v)
	return nil
}

// Seconds is a duration that plans may also write as a whole number of
// seconds (as in an HTTP Retry-After header): `retry_after: 1` or "1500ms".
type Seconds time.Duration

// D returns s as a time.Duration.
func (s Seconds) D() time.Duration { return time.Duration(s) }

// MarshalJSON writes whole seconds as a number, anything else as a string.
func (s Seconds) MarshalJSON() ([]byte, error) {
	d := time.Duration(s)
	if d%time.Second == 0 {
		return []byte(strconv.FormatInt(int64(d/time.Second), 10)), nil
	}
	return json.Marshal(d.String())
}

func (s *Seconds) decodeNode(n *yaml.Node, path string) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		v, err := strconv.ParseInt(n.Value, 10, 32)
		if err != nil || v < 0 {
			return errAt(n, path, "want a non-negative number of seconds, got %s", describe(n))
		}
		*s = Seconds(time.Duration(v) * time.Second)
		return nil
	}
	var d Duration
	if err := d.decodeNode(n, path); err != nil {
		return err
	}
	*s = Seconds(d)
	return nil
}
