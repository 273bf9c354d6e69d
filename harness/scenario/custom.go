package scenario

import (
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

func (r *Rate) decodeYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a rate such as 5/s, got %s", describe(n))
	}
	v, err := ParseRate(n.Value)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// decodeYAML reads `generated` or `{dir: path}`; the dir is resolved
// against the scenario file later.
func (c *Corpus) decodeYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value != CorpusGenerated {
			return fmt.Errorf("want %q or {dir: path}, got %s", CorpusGenerated, describe(n))
		}
		*c = Corpus{Kind: CorpusGenerated}
		return nil
	case yaml.MappingNode:
		if len(n.Content) != 2 || n.Content[0].Value != CorpusDir || n.Content[1].Kind != yaml.ScalarNode {
			return fmt.Errorf("want %q or {dir: path}, got %s", CorpusGenerated, describe(n))
		}
		if n.Content[1].Value == "" {
			return errors.New("corpus dir must not be empty")
		}
		*c = Corpus{Kind: CorpusDir, Dir: n.Content[1].Value}
		return nil
	}
	return fmt.Errorf("want %q or {dir: path}, got %s", CorpusGenerated, describe(n))
}

// decodeYAML keeps the plan's node; validation decodes it.
func (p *Plan) decodeYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("want a fakellm plan mapping such as {rules: [...]}, got %s", describe(n))
	}
	*p = Plan{Node: n}
	return nil
}
