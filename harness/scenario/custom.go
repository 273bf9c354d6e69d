package scenario

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// UnmarshalStrict reads a rate such as "5/s" (strictyaml.Unmarshaler).
func (r *Rate) UnmarshalStrict(_ *strictyaml.Decoder, n *yaml.Node, _ string) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a rate such as 5/s, got %s", strictyaml.Describe(n))
	}
	v, err := ParseRate(n.Value)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// UnmarshalStrict reads `generated` or `{dir: path}`; the dir is resolved
// against the scenario file later.
func (c *Corpus) UnmarshalStrict(_ *strictyaml.Decoder, n *yaml.Node, _ string) error {
	bad := fmt.Errorf("want %q or {dir: path}, got %s", CorpusGenerated, strictyaml.Describe(n))
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value != CorpusGenerated {
			return bad
		}
		*c = Corpus{Kind: CorpusGenerated}
		return nil
	case yaml.MappingNode:
		if len(n.Content) != 2 || n.Content[0].Value != CorpusDir || n.Content[1].Kind != yaml.ScalarNode {
			return bad
		}
		if n.Content[1].Value == "" {
			return errors.New("corpus dir must not be empty")
		}
		*c = Corpus{Kind: CorpusDir, Dir: n.Content[1].Value}
		return nil
	}
	return bad
}

// UnmarshalStrict keeps the plan's node; validation decodes it.
func (p *Plan) UnmarshalStrict(_ *strictyaml.Decoder, n *yaml.Node, _ string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("want a fakellm plan mapping such as {rules: [...]}, got %s", strictyaml.Describe(n))
	}
	*p = Plan{Node: n}
	return nil
}
