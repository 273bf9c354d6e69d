package lancedb

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

// pending is a row ready to be written: its unit vector and timestamps.
type pending struct {
	store.TopicRow
	unit    []float32
	created int64 // µs; filled from the stored row when it exists
	updated int64 // µs; the upsert's stamp
}

// prepare validates rows against the table's dimension and turns them
// into pending rows. When an id appears twice, the later row wins (as
// sequential upserts would).
func prepare(rows []store.TopicRow, dim int) ([]pending, error) {
	out := make([]pending, 0, len(rows))
	at := make(map[string]int, len(rows))
	for i, r := range rows {
		unit, err := checkRow(r, dim)
		if err != nil {
			return nil, fmt.Errorf("row %d (%q): %w", i, r.ID, err)
		}
		p := pending{TopicRow: r, unit: unit, created: micros(r.CreatedAt)}
		if j, dup := at[r.ID]; dup {
			out[j] = p
			continue
		}
		at[r.ID] = len(out)
		out = append(out, p)
	}
	return out, nil
}

func checkRow(r store.TopicRow, dim int) ([]float32, error) {
	switch {
	case r.ID == "":
		return nil, fmt.Errorf("empty id: %w", store.ErrInvalid)
	case r.DocID == "":
		return nil, fmt.Errorf("empty doc id: %w", store.ErrInvalid)
	}
	if err := checkKey("id", r.ID); err != nil {
		return nil, err
	}
	if err := checkKey("doc id", r.DocID); err != nil {
		return nil, err
	}
	return unitVector(r.Vector, dim)
}

// checkKey rejects a NUL byte: lancedb-go passes filters as C strings, which
// would end there.
func checkKey(what, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%s contains a NUL byte: %w", what, store.ErrInvalid)
	}
	return nil
}

// unitVector checks v's dimension and values and returns v / |v|.
func unitVector(v []float32, dim int) ([]float32, error) {
	if len(v) != dim {
		return nil, fmt.Errorf("vector has %d dimensions, the table has %d: %w", len(v), dim, store.ErrInvalid)
	}
	var sum float64
	for i, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("vector[%d] is %v: %w", i, x, store.ErrInvalid)
		}
		sum += f * f
	}
	if sum == 0 {
		return nil, fmt.Errorf("zero vector has no direction: %w", store.ErrInvalid)
	}
	n := math.Sqrt(sum)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) / n)
	}
	return out, nil
}

// dot is the dot product of two equally long vectors, clamped to [-1, 1]
// (for unit vectors it is their cosine).
func dot(a, b []float32) float32 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return float32(max(-1, min(1, s)))
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// stamper hands out strictly increasing microsecond stamps, so every upsert
// marks its rows with an updated_at no earlier upsert used, even when the
// clock stands still or steps back. Used on the writer goroutine only.
type stamper struct {
	now  func() time.Time
	last int64
}

func (s *stamper) next() int64 {
	t := s.now().UnixMicro()
	if t <= s.last {
		t = s.last + 1
	}
	s.last = t
	return t
}

// observe makes later stamps exceed a stamp already in the table.
func (s *stamper) observe(stamp int64) { s.last = max(s.last, stamp) }
