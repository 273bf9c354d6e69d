package strictyaml

import "strings"

// Positions maps each key path given in a file (and not null) to the
// position of its value. The root's path is "".
type Positions map[string]Pos

// Has reports whether path was given.
func (p Positions) Has(path string) bool {
	_, ok := p[path]
	return ok
}

// Of returns the position of path's value or of its nearest given parent
// ("timeline[2].at", then "timeline[2]", "timeline", ""); the zero Pos
// when none was recorded.
func (p Positions) Of(path string) Pos {
	for {
		if pos, ok := p[path]; ok {
			return pos
		}
		if path == "" {
			return Pos{}
		}
		path = parent(path)
	}
}

// parent drops the last key or index of a path.
func parent(path string) string {
	if i := strings.LastIndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return ""
}

// Join appends a key to a path.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
