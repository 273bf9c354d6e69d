package lancedb

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/hangarhq/hangar/server/store"
)

func topic(id, doc string, vec ...float32) store.TopicRow {
	return store.TopicRow{ID: id, DocID: doc, CategoryID: "Tech", TopicName: "t " + id,
		Summary: "s " + id, MDPath: "/md/" + doc, ContentSHA256: "sha", Vector: vec}
}

func TestPrepareRejects(t *testing.T) {
	nan := float32(math.NaN())
	tests := []struct {
		name string
		give store.TopicRow
		want string
	}{
		{"empty id", topic("", "d", 1, 0), `row 1 (""): empty id: invalid argument`},
		{"empty doc", topic("a", "", 1, 0), `row 1 ("a"): empty doc id: invalid argument`},
		{"NUL in id", topic("a\x00b", "d", 1, 0), `row 1 ("a\x00b"): id contains a NUL byte: invalid argument`},
		{"NUL in doc", topic("a", "d\x00", 1, 0), `row 1 ("a"): doc id contains a NUL byte: invalid argument`},
		{"short vector", topic("a", "d", 1), `row 1 ("a"): vector has 1 dimensions, the table has 2: invalid argument`},
		{"NaN", topic("a", "d", 1, nan), `row 1 ("a"): vector[1] is NaN: invalid argument`},
		{"Inf", topic("a", "d", float32(math.Inf(-1)), 0), `row 1 ("a"): vector[0] is -Inf: invalid argument`},
		{"zero", topic("a", "d", 0, 0), `row 1 ("a"): zero vector has no direction: invalid argument`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := prepare([]store.TopicRow{topic("ok", "d", 1, 1), tc.give}, 2)
			if !errors.Is(err, store.ErrInvalid) || err.Error() != tc.want {
				t.Errorf("got %v, want %q (ErrInvalid)", err, tc.want)
			}
		})
	}
}

func TestPrepareLastDuplicateWins(t *testing.T) {
	created := time.UnixMicro(1_700_000_000_000_000)
	first, second := topic("a", "d1", 3, 4), topic("a", "d2", 0, 2)
	second.CreatedAt = created
	got, err := prepare([]store.TopicRow{first, topic("b", "d1", 1, 0), second}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "a" || got[1].ID != "b" {
		t.Fatalf("ids: got %+v, want a then b", got)
	}
	if got[0].DocID != "d2" || got[0].unit[0] != 0 || got[0].unit[1] != 1 || got[0].created != created.UnixMicro() {
		t.Errorf("a: got doc %s unit %v created %d, want the second row (d2, [0 1], %d)",
			got[0].DocID, got[0].unit, got[0].created, created.UnixMicro())
	}
}

func TestUnitVectorAndDot(t *testing.T) {
	u, err := unitVector([]float32{3, 4}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if u[0] != 0.6 || u[1] != 0.8 {
		t.Errorf("unit of (3,4): got %v, want [0.6 0.8]", u)
	}
	for _, tc := range []struct {
		name string
		a, b []float32
		want float32
	}{
		{"same", u, u, 1},
		{"opposite", u, []float32{-0.6, -0.8}, -1},
		{"orthogonal", []float32{1, 0}, []float32{0, 1}, 0},
		{"clamped", []float32{1, 1}, []float32{1, 1}, 1},
	} {
		if got := dot(tc.a, tc.b); math.Abs(float64(got-tc.want)) > 1e-6 {
			t.Errorf("%s: dot = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestStamperStrictlyIncreases(t *testing.T) {
	clock := time.UnixMicro(1000)
	s := stamper{now: func() time.Time { return clock }}
	var got []int64
	for _, step := range []time.Duration{0, 0, -time.Millisecond, 6 * time.Millisecond} {
		clock = clock.Add(step)
		got = append(got, s.next())
	}
	want := []int64{1000, 1001, 1002, 6000}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("stamps: got %v, want %v", got, want)
		}
	}
	s.observe(9000)
	s.observe(10) // never moves back
	if n := s.next(); n != 9001 {
		t.Errorf("after observing 9000: got %d, want 9001", n)
	}
}

func TestMicros(t *testing.T) {
	if micros(time.Time{}) != 0 || !fromMicros(0).IsZero() {
		t.Error("the zero time must map to 0 and back")
	}
	at := time.Date(2026, 11, 27, 8, 0, 0, 123456000, time.UTC)
	if got := fromMicros(micros(at)); !got.Equal(at) {
		t.Errorf("round trip: got %v, want %v", got, at)
	}
}
