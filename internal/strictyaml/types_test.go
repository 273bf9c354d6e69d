package strictyaml

import (
	"errors"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// doc exercises every kind of field the decoder supports.
type doc struct {
	Name   string            `yaml:"name"`
	Count  int               `yaml:"count"`
	Small  int8              `yaml:"small"`
	Port   uint16            `yaml:"port"`
	On     bool              `yaml:"on"`
	Ratio  float64           `yaml:"ratio"`
	Wait   time.Duration     `yaml:"wait"`
	Pause  Duration          `yaml:"pause"`
	Size   ByteSize          `yaml:"size"`
	Tags   []string          `yaml:"tags"`
	Env    map[string]string `yaml:"env"`
	Next   *doc              `yaml:"next"`
	Word   word              `yaml:"word"`
	Pair   pair              `yaml:"pair"`
	Skip   string            `yaml:"-"`
	hidden string            `yaml:"hidden"`
}

// tree nests without a bound, for alias bombs and cycles.
type tree struct {
	Kids []tree `yaml:"kids"`
}

// word reads its own scalar: lower-case letters only.
type word string

func (w *word) UnmarshalStrict(_ *Decoder, n *yaml.Node, _ string) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a word, got %s", Describe(n))
	}
	for _, r := range n.Value {
		if r < 'a' || r > 'z' {
			return errors.New("want lower-case letters only")
		}
	}
	*w = word(n.Value)
	return nil
}

// pair reads a two-item list through the decoder, reporting a wrong
// length itself.
type pair struct{ A, B int }

func (p *pair) UnmarshalStrict(d *Decoder, n *yaml.Node, path string) error {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		return fmt.Errorf("want a list of two integers, got %s", Describe(n))
	}
	d.Decode(n.Content[0], path+"[0]", &p.A)
	d.Decode(n.Content[1], path+"[1]", &p.B)
	return nil
}
