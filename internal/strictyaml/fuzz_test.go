package strictyaml

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzDecode: any input decodes or fails with an Errors naming the file;
// never a panic, and every position (of an error or a key path) lies
// within the source.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"name: a\ncount: 1\nnext: {wait: 2s, pause: 1ms, size: 8KiB}\ntags: [a, b]\nenv: {A: b}\n",
		"name: [x]\ncount: many\nbogus: 1\nname: again\n",
		"next: &n {count: 1, next: *n}\n",
		"kids: &k [{kids: *k}, {kids: *k}]\n",
		"a: &a [x, x]\nb: &b [*a, *a]\ntags: *b\n",
		"next:\n  <<: {count: 1}\n",
		"pair: [1, x]\nword: Abc\n",
		"{\"name\": \"j\", \"on\": true, \"ratio\": 1e3}",
		"a: 1\n---\nb: 2\n",
		"a: {b\n",
		"a: 1\r\nb:\u2028 c\u0085\rname: [x]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		root, err := Parse("fuzz.yaml", src)
		if err != nil {
			checkErrors(t, src, err)
			return
		}
		d := NewDecoder("fuzz.yaml")
		var v doc
		d.Decode(root, "", &v)
		var tr tree
		d.Decode(root, "", &tr)
		if err := d.Err(); err != nil {
			checkErrors(t, src, err)
		}
		for path, pos := range d.Positions() {
			if !within(src, pos) || pos.Line == 0 {
				t.Fatalf("position of %q %v outside the source", path, pos)
			}
		}
	})
}

func checkErrors(t *testing.T, src []byte, err error) {
	var list Errors
	if !errors.As(err, &list) || len(list) == 0 || len(list) > MaxErrors {
		t.Fatalf("error %T is not an Errors of 1 to %d: %v", err, MaxErrors, err)
	}
	for _, e := range list {
		if e.File != "fuzz.yaml" || e.Msg == "" || !within(src, Pos{e.Line, e.Col}) {
			t.Fatalf("malformed error %+v in %q", e, src)
		}
	}
}

// within reports whether pos (0 meaning unknown) lies in src, counting
// lines and columns as YAML does: \r\n, \r, \n, NEL, LS and PS break
// lines, and a column counts characters.
func within(src []byte, pos Pos) bool {
	lines := yamlLines(src)
	if pos.Line < 0 || pos.Col < 0 || pos.Line > len(lines) {
		return false
	}
	if pos.Line == 0 {
		return pos.Col == 0
	}
	return pos.Col <= utf8.RuneCount(lines[pos.Line-1])+1
}

func yamlLines(src []byte) [][]byte {
	var lines [][]byte
	start := 0
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRune(src[i:])
		switch {
		case r == '\r' && i+1 < len(src) && src[i+1] == '\n':
			w = 2
		case r != '\r' && r != '\n' && r != '\u0085' && r != '\u2028' && r != '\u2029':
			i += w
			continue
		}
		lines = append(lines, src[start:i])
		i += w
		start = i
	}
	return append(lines, src[start:])
}
