package strictyaml

import (
	"encoding/json"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a non-negative time.Duration written as a Go duration string
// ("500ms", "30s", "2m"). Plain time.Duration fields are read the same
// way but may be negative, leaving the range to the owner's validation.
type Duration time.Duration

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// MarshalYAML writes d as a duration string.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalStrict implements Unmarshaler.
func (d *Duration) UnmarshalStrict(_ *Decoder, n *yaml.Node, _ string) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a duration, got %s", Describe(n))
	}
	v, err := parseDuration(n)
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("duration %q is negative", n.Value)
	}
	*d = Duration(v)
	return nil
}

// parseDuration reads a scalar as a Go duration.
func parseDuration(n *yaml.Node) (time.Duration, error) {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %s (want e.g. 500ms, 30s, 2m)", Describe(n))
	}
	return v, nil
}
