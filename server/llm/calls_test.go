package llm

import (
	"errors"
	"testing"

	openai "github.com/sashabaranov/go-openai"
)

func TestOrderVectors(t *testing.T) {
	v := func(i int, dim int) openai.Embedding {
		return openai.Embedding{Index: i, Embedding: make([]float32, dim)}
	}
	tests := []struct {
		name string
		give []openai.Embedding
		ok   bool
	}{
		{"in order", []openai.Embedding{v(0, 2), v(1, 2)}, true},
		{"reversed", []openai.Embedding{v(1, 2), v(0, 2)}, true},
		{"too few", []openai.Embedding{v(0, 2)}, false},
		{"index twice", []openai.Embedding{v(0, 2), v(0, 2)}, false},
		{"index out of range", []openai.Embedding{v(0, 2), v(2, 2)}, false},
		{"dimension mismatch", []openai.Embedding{v(0, 2), v(1, 3)}, false},
		{"empty vector", []openai.Embedding{v(0, 0), v(1, 0)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := orderVectors(tt.give, 2)
			if tt.ok != (err == nil) || (err != nil && !errors.Is(err, ErrBadResponse)) {
				t.Fatalf("orderVectors = %v, %v; want ok=%v or ErrBadResponse", got, err, tt.ok)
			}
		})
	}
}
