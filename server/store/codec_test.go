package store_test

import (
	"bytes"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/hangarhq/hangar/server/store"
)

func TestVectorRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		give []float32
	}{
		{"empty", []float32{}},
		{"ones", []float32{1, -1, 0.5}},
		{"specials", []float32{float32(math.Inf(1)), -0, math.SmallestNonzeroFloat32}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := store.EncodeVector(tc.give)
			if len(b) != 4*len(tc.give) {
				t.Fatalf("%d bytes for %d floats", len(b), len(tc.give))
			}
			got, err := store.DecodeVector(b)
			if err != nil || len(got) != len(tc.give) {
				t.Fatalf("decode: %v %v", got, err)
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(tc.give[i]) {
					t.Errorf("[%d] %v != %v", i, got[i], tc.give[i])
				}
			}
		})
	}
	// little-endian, as EverOS/LanceDB float32 arrays are
	if b := store.EncodeVector([]float32{1}); !bytes.Equal(b, []byte{0, 0, 0x80, 0x3f}) {
		t.Fatalf("1.0 encodes as % x", b)
	}
}

func FuzzDecodeVector(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0x80, 0x3f})
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := store.DecodeVector(b)
		if (err != nil) != (len(b)%4 != 0) {
			t.Fatalf("len %d: err %v", len(b), err)
		}
		if err == nil && !bytes.Equal(store.EncodeVector(v), b) {
			t.Fatalf("re-encoding % x changed it", b)
		}
	})
}

func TestDocIDs(t *testing.T) {
	for _, tc := range []struct {
		give string
		want bool
	}{
		{"d_0123456789ab", true},
		{"d_0123456789AB", false},
		{"d_0123456789a", false},
		{"d_0123456789abc", false},
		{"x_0123456789ab", false},
		{"d_01234567/9ab", false},
		{"", false},
	} {
		if got := store.ValidDocID(tc.give); got != tc.want {
			t.Errorf("ValidDocID(%q) = %v, want %v", tc.give, got, tc.want)
		}
	}
	id, err := store.NewDocID(strings.NewReader("\x01\x02\x03\x04\x05\x06"))
	if err != nil || id != "d_010203040506" {
		t.Fatalf("seeded id: %q %v", id, err)
	}
	if _, err := store.NewDocID(strings.NewReader("abc")); err == nil {
		t.Fatal("short reader: want error")
	}
	if _, err := store.NewDocID(io.Reader(nil)); err != nil {
		t.Fatal(err)
	}
}

func FuzzValidDocID(f *testing.F) {
	f.Add("d_0123456789ab")
	f.Add("d_")
	f.Add("d_\x000123456789a")
	f.Fuzz(func(t *testing.T, s string) {
		if !store.ValidDocID(s) {
			return
		}
		if len(s) != 14 || strings.ContainsAny(s[2:], "/\\.\x00 ") || strings.ToLower(s) != s {
			t.Fatalf("accepted %q", s)
		}
	})
}
