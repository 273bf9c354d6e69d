// Package strictyaml is the one strict YAML decoder of the project: fault
// plans (files, inline nodes, PUT /admin/plan) and scenarios decode through
// it, so they accept and reject input the same way and report problems the
// same way.
//
// Decoding walks a yaml.v3 node tree into yaml-tagged structs. Unknown keys,
// duplicate keys, merge keys (<<), non-string keys, mistyped scalars and
// documents larger than MaxNodes after alias expansion are errors. Every
// problem is reported, not just the first, as an Errors list whose entries
// read "file:line:col: path: message" (the dotted key path, such as
// "timeline[2].at"). A null value means the key was not given.
//
// Types that read their own node (durations, sizes, rates, fault actions)
// implement Unmarshaler. Semantic validation stays with the owner of the
// type: after a clean decode it reports through the same Decoder, at the
// position recorded for each key path (Positions.Of).
//
//	d := strictyaml.NewDecoder("scenario.yaml")
//	d.Decode(root, "", &s)
//	if s.Duration <= 0 {
//		d.Errorf("duration", "must be positive, got %s", s.Duration)
//	}
//	return d.Err()
package strictyaml
