package fakellm

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// Duration is a time.Duration written as a Go duration string ("500ms",
// "30s") in plans. Negative durations are rejected. It is the decoder's
// shared duration type.
type Duration = strictyaml.Duration

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

// UnmarshalStrict implements strictyaml.Unmarshaler.
func (s *Seconds) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, path string) error {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		v, err := strconv.ParseInt(n.Value, 10, 32)
		if err != nil || v < 0 {
			return fmt.Errorf("want a non-negative number of seconds, got %s", strictyaml.Describe(n))
		}
		*s = Seconds(time.Duration(v) * time.Second)
		return nil
	}
	var v Duration
	if err := v.UnmarshalStrict(d, n, path); err != nil {
		return err
	}
	*s = Seconds(v)
	return nil
}
