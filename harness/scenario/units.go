package scenario

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// ByteSize is a size in bytes, written in scenarios as 512, 512B, 80KiB,
// 1.5MiB, 80KB (decimal) and so on.
type ByteSize = strictyaml.ByteSize

// Binary and decimal size units.
const (
	B   = strictyaml.B
	KiB = strictyaml.KiB
	MiB = strictyaml.MiB
	GiB = strictyaml.GiB
	KB  = strictyaml.KB
	MB  = strictyaml.MB
	GB  = strictyaml.GB
)

// ParseByteSize parses a size such as "80KiB".
func ParseByteSize(s string) (ByteSize, error) { return strictyaml.ParseByteSize(s) }

// Rate is an arrival rate: Freq arrivals per Per. It is written as "5/s",
// "300/1m", "1/250ms"; a bare number means per second. The zero Rate is
// unset. It converts directly to vegeta.Rate{Freq: r.Freq, Per: r.Per}.
type Rate struct {
	Freq int
	Per  time.Duration
}

// IsZero reports whether the rate is unset.
func (r Rate) IsZero() bool { return r.Freq == 0 }

// Interval is the mean time between arrivals.
func (r Rate) Interval() time.Duration {
	if r.Freq <= 0 {
		return 0
	}
	return r.Per / time.Duration(r.Freq)
}

// String formats the rate as written in scenarios.
func (r Rate) String() string {
	if r.IsZero() {
		return ""
	}
	per := r.Per.String()
	switch r.Per {
	case time.Second:
		per = "s"
	case time.Minute:
		per = "m"
	}
	return fmt.Sprintf("%d/%s", r.Freq, per)
}

// ParseRate parses a rate such as "5/s".
func ParseRate(s string) (Rate, error) {
	num, per, found := strings.Cut(strings.TrimSpace(s), "/")
	freq, err := strconv.Atoi(strings.TrimSpace(num))
	if err != nil || freq <= 0 || freq > 1_000_000 {
		return Rate{}, fmt.Errorf("invalid rate %q (want N/s, N/m or N/duration with 1 <= N <= 1000000)", s)
	}
	r := Rate{Freq: freq, Per: time.Second}
	if !found {
		return r, nil
	}
	if r.Per, err = parsePer(strings.TrimSpace(per)); err != nil {
		return Rate{}, fmt.Errorf("invalid rate %q: %w", s, err)
	}
	return r, nil
}

func parsePer(s string) (time.Duration, error) {
	switch s {
	case "s":
		return time.Second, nil
	case "m":
		return time.Minute, nil
	case "h":
		return time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errors.New("period must be s, m, h or a positive duration")
	}
	return d, nil
}
