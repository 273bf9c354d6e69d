package store

import (
	"encoding/binary"
	"fmt"
	"math"
)

// EncodeVector packs v as little-endian float32, the vector BLOB format.
func EncodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return b
}

// DecodeVector unpacks a little-endian float32 BLOB.
func DecodeVector(b []byte) ([]float32, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("vector blob of %d bytes is not a multiple of 4: %w", len(b), ErrInvalid)
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}

// cosine returns the cosine similarity of a and b given a's norm; ok is
// false when the lengths differ or either vector has no direction.
func cosine(a []float32, normA float64, b []float32) (float32, bool) {
	if len(a) != len(b) || normA == 0 {
		return 0, false
	}
	var dot, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if nb == 0 || math.IsNaN(dot) || math.IsInf(dot, 0) {
		return 0, false
	}
	return float32(dot / (normA * math.Sqrt(nb))), true
}

func norm(v []float32) float64 {
	var s float64
	for _, f := range v {
		s += float64(f) * float64(f)
	}
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0
	}
	return math.Sqrt(s)
}
