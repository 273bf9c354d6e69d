package profile

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// Everos is the built-in profile's name and the default.
const Everos = "everos"

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Names lists the built-in profiles, sorted.
func Names() []string {
	ents, _ := fs.ReadDir(builtinFS, "builtin") // embedded: cannot fail
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(out)
	return out
}

// Builtin returns a fresh copy of the built-in profile name.
func Builtin(name string) (*Profile, error) {
	src, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in API profile %q (have %s)", name, strings.Join(Names(), ", "))
	}
	p, err := Decode("builtin:"+name, src)
	if err != nil {
		panic("profile: built-in " + name + ": " + err.Error()) // a shipped file: a programmer error
	}
	return p, nil
}

// Load reads and decodes the profile file at file.
func Load(file string) (*Profile, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("API profile: %w", err)
	}
	return Decode(file, src)
}

// Decode decodes, defaults and validates a profile from src; every problem
// is reported as file:line:col: path: message (strictyaml.Errors).
func Decode(file string, src []byte) (*Profile, error) {
	root, err := strictyaml.Parse(file, src, strictyaml.Noun("API profile"))
	if err != nil {
		return nil, err
	}
	d := strictyaml.NewDecoder(file)
	p := &Profile{File: file}
	p.UnmarshalStrict(d, root, "")
	if err := d.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// UnmarshalStrict decodes and validates a profile given inline (e.g. a
// scenario's target.api mapping), reporting through d at path
// (strictyaml.Unmarshaler).
func (p *Profile) UnmarshalStrict(d *strictyaml.Decoder, n *yaml.Node, at string) error {
	type plain Profile // no UnmarshalStrict: decode the fields
	file := p.File
	if !d.Decode(n, at, (*plain)(p)) {
		return nil // decoding problems are reported; validation would only repeat them
	}
	p.File = file
	for _, pr := range p.Validate() {
		d.Errorf(strictyaml.Join(at, pr.Path), "%s", pr.Msg)
	}
	return nil
}
