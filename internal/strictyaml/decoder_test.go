package strictyaml

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		give string
		want doc
	}{
		{name: "every kind", give: "name: a\ncount: 1_000\nsmall: -8\nport: 8080\non: true\nratio: 0.5\nwait: -2s\npause: 500ms\nsize: 8KiB\n" +
			"tags: [x, y]\nenv: {K: v}\nnext: {count: 2}\nword: abc\npair: [3, 4]\n",
			want: doc{Name: "a", Count: 1000, Small: -8, Port: 8080, On: true, Ratio: 0.5, Wait: -2 * time.Second, Pause: Duration(500 * time.Millisecond),
				Size: 8 * KiB, Tags: []string{"x", "y"}, Env: map[string]string{"K": "v"}, Next: &doc{Count: 2}, Word: "abc", Pair: pair{3, 4}}},
		{name: "null is not given", give: "name: ~\ncount:\nnext: null\ntags: ~\n", want: doc{}},
		{name: "zero duration and size", give: "wait: 0\npause: 0s\nsize: 0\n", want: doc{}},
		{name: "alias reused", give: "name: &n abc\nword: *n\n", want: doc{Name: "abc", Word: "abc"}},
		{name: "integer as string", give: "name: 30\n", want: doc{Name: "30"}},
		{name: "integer as number", give: "ratio: 3\n", want: doc{Ratio: 3}},
		{name: "json", give: `{"name": "j", "tags": ["a"], "next": {"on": false}}`, want: doc{Name: "j", Tags: []string{"a"}, Next: &doc{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got doc
			if err := Decode("f.yaml", []byte(tt.give), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestDecodeErrors: every kind of problem, each with its position, path
// and message; a file with several problems reports them all, in order.
func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{name: "unknown key", give: "name: a\nnmae: b\n", want: `f.yaml:2:1: unknown key "nmae"`},
		{name: "unknown nested key", give: "next:\n  cont: 1\n", want: `f.yaml:2:3: next: unknown key "cont"`},
		{name: "unexported field", give: "hidden: x\n", want: `f.yaml:1:1: unknown key "hidden"`},
		{name: "dash field", give: "Skip: x\n", want: `f.yaml:1:1: unknown key "Skip"`},
		{name: "duplicate key", give: "name: a\ncount: 1\nname: b\n", want: `f.yaml:3:1: duplicate key "name" (first at line 1)`},
		{name: "duplicate map key", give: "env: {A: 1, A: 2}\n", want: `f.yaml:1:13: env: duplicate key "A" (first at line 1)`},
		{name: "merge key", give: "base: &b {count: 1}\n", want: `f.yaml:1:1: unknown key "base"`},
		{name: "merge", give: "next: &b {count: 1}\ntags: []\nnext2:\n  <<: *b\n", want: "f.yaml:3:1: unknown key \"next2\""},
		{name: "merge into struct", give: "next:\n  <<: {count: 1}\n  on: true\n", want: `f.yaml:2:3: next: merge keys (<<) are not supported: write the keys out`},
		{name: "list key", give: "[1]: 2\n", want: `f.yaml:1:1: keys must be plain strings, got a list`},
		{name: "string wants scalar", give: "name: [a]\n", want: `f.yaml:1:7: name: want a string, got a list`},
		{name: "integer", give: "count: many\n", want: `f.yaml:1:8: count: want an integer, got "many"`},
		{name: "float for integer", give: "count: 1.5\n", want: `f.yaml:1:8: count: want an integer, got "1.5"`},
		{name: "integer overflow", give: "small: 300\n", want: `f.yaml:1:8: small: want an integer, got "300"`},
		{name: "unsigned", give: "port: -1\n", want: `f.yaml:1:7: port: want a non-negative integer, got "-1"`},
		{name: "integer wants scalar", give: "count: {a: 1}\n", want: `f.yaml:1:8: count: want an integer, got a mapping`},
		{name: "bool", give: "on: yes\n", want: `f.yaml:1:5: on: want true or false, got "yes"`},
		{name: "quoted bool", give: "on: \"true\"\n", want: `f.yaml:1:5: on: want true or false, got "true"`},
		{name: "number", give: "ratio: lots\n", want: `f.yaml:1:8: ratio: want a number, got "lots"`},
		{name: "list", give: "tags: a\n", want: `f.yaml:1:7: tags: want a list, got "a"`},
		{name: "mapping", give: "next: 3\n", want: `f.yaml:1:7: next: want a mapping, got "3"`},
		{name: "map", give: "env: [a]\n", want: `f.yaml:1:6: env: want a mapping, got a list`},
		{name: "bad duration", give: "wait: ninety\n", want: `f.yaml:1:7: wait: invalid duration "ninety" (want e.g. 500ms, 30s, 2m)`},
		{name: "duration without unit", give: "pause: 5\n", want: `f.yaml:1:8: pause: invalid duration "5" (want e.g. 500ms, 30s, 2m)`},
		{name: "duration wants scalar", give: "wait: [1s]\n", want: `f.yaml:1:7: wait: want a duration, got a list`},
		{name: "negative Duration", give: "pause: -1s\n", want: `f.yaml:1:8: pause: duration "-1s" is negative`},
		{name: "Duration wants scalar", give: "pause: {a: 1}\n", want: `f.yaml:1:8: pause: want a duration, got a mapping`},
		{name: "bad size", give: "size: huge\n", want: `f.yaml:1:7: size: invalid size "huge" (want a number with an optional unit B, KiB, MiB, GiB, KB, MB, GB)`},
		{name: "size out of range", give: "size: 2TiB\n", want: `f.yaml:1:7: size: invalid size "2TiB" (want a number with an optional unit B, KiB, MiB, GiB, KB, MB, GB)`},
		{name: "size too large", give: "size: 2000GiB\n", want: `f.yaml:1:7: size: size "2000GiB" out of range (0 to 1TiB)`},
		{name: "size wants scalar", give: "size: [1]\n", want: `f.yaml:1:7: size: want a size such as 80KiB, got a list`},
		{name: "unmarshaler error", give: "word: Abc\n", want: `f.yaml:1:7: word: want lower-case letters only`},
		{name: "unmarshaler decodes children", give: "pair: [1, x]\n", want: `f.yaml:1:11: pair[1]: want an integer, got "x"`},
		{name: "list item", give: "tags: [a, [b]]\n", want: `f.yaml:1:11: tags[1]: want a string, got a list`},
		{name: "long value cut", give: "count: " + strings.Repeat("é", 50) + "\n", want: `f.yaml:1:8: count: want an integer, got "` + strings.Repeat("é", 40) + `..."`},
		{name: "error under alias points at the anchor", give: "name: &x [1]\nword: *x\n", want: "f.yaml:1:7: name: want a string, got a list\nf.yaml:1:7: word: want a word, got a list"},
		{name: "self alias", give: "tags: &t [a, *t]\n", want: `f.yaml:1:7: tags[1]: want a string, got a list`},
		{name: "several errors", give: "name: [x]\ncount: many\nbogus: 1\nnext:\n  on: maybe\n  wait: soon\nname: again\n",
			want: "f.yaml:1:7: name: want a string, got a list\n" +
				"f.yaml:2:8: count: want an integer, got \"many\"\n" +
				"f.yaml:3:1: unknown key \"bogus\"\n" +
				"f.yaml:5:7: next.on: want true or false, got \"maybe\"\n" +
				"f.yaml:6:9: next.wait: invalid duration \"soon\" (want e.g. 500ms, 30s, 2m)\n" +
				"f.yaml:7:1: duplicate key \"name\" (first at line 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got doc
			err := Decode("f.yaml", []byte(tt.give), &got)
			if err == nil {
				t.Fatalf("no error, decoded %+v", got)
			}
			if err.Error() != tt.want {
				t.Fatalf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			var list Errors
			if !errors.As(err, &list) || len(list) != strings.Count(tt.want, "\n")+1 {
				t.Fatalf("error %T is not an Errors of every line", err)
			}
		})
	}
}

// TestAliasBomb: alias expansion is bounded by MaxNodes, reported once,
// and the bound is met quickly (a billion nodes if expanded).
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("kids:\n  - &a0 {kids: [" + strings.Repeat("{}, ", 9) + "{}]}\n")
	for i := 1; i < 9; i++ {
		prev := fmt.Sprintf("*a%d", i-1)
		fmt.Fprintf(&b, "  - &a%d {kids: [%s%s]}\n", i, strings.Repeat(prev+", ", 9), prev)
	}
	var got tree
	err := Decode("bomb.yaml", []byte(b.String()), &got)
	want := "bomb.yaml:2:25: kids[4].kids[7].kids[0].kids[7].kids[0].kids[2]: document too large (more than 100000 nodes after alias expansion)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
}

// TestAliasCycle: a self-referencing alias stops at MaxDepth.
func TestAliasCycle(t *testing.T) {
	var got tree
	err := Decode("loop.yaml", []byte("kids: &k [{kids: *k}]\n"), &got)
	want := "loop.yaml:1:11: kids[0]" + strings.Repeat(".kids[0]", MaxDepth/2-1) +
		": document nested too deeply (more than 64 levels after alias expansion)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %.300v\nwant %.300s", err, want)
	}
}

func TestErrorsCapped(t *testing.T) {
	var b strings.Builder
	for i := range MaxErrors + 10 {
		b.WriteString("k" + strings.Repeat("x", i) + ": 1\n")
	}
	var got doc
	err := Decode("f.yaml", []byte(b.String()), &got)
	var list Errors
	if !errors.As(err, &list) || len(list) != MaxErrors {
		t.Fatalf("got %d errors, want %d", len(list), MaxErrors)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		give string
		opts []Option
		want string
	}{
		{name: "syntax", give: "a: {b\n", want: "f.yaml:1: invalid YAML: did not find expected ',' or '}'"},
		{name: "tab", give: "a:\n\tb: 1\n", want: "f.yaml:2: invalid YAML: found character that cannot start any token"},
		{name: "unknown anchor", give: "a: *nope\n", want: "f.yaml: invalid YAML: unknown anchor 'nope' referenced"},
		{name: "empty", give: "", want: "f.yaml: empty document"},
		{name: "comment only", give: "# hi\n", opts: []Option{Noun("plan")}, want: "f.yaml: empty plan"},
		{name: "empty with hint", give: " \n", opts: []Option{Empty("nothing here (write `a: 1`)")}, want: "f.yaml: nothing here (write `a: 1`)"},
		{name: "two documents", give: "a: 1\n---\nb: 2\n", opts: []Option{Noun("scenario")}, want: "f.yaml:2:1: more than one YAML document (a scenario is one document)"},
		{name: "top-level list", give: "- a\n", want: "f.yaml:1:1: want a mapping at the top level, got a list"},
		{name: "top-level null", give: "---\n", want: "f.yaml: empty document"},
		{name: "top-level alias", give: "&a [*a]\n", want: "f.yaml:1:1: want a mapping at the top level, got a list"},
		{name: "top-level scalar", give: "hello\n", want: `f.yaml:1:1: want a mapping at the top level, got "hello"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.give), tt.opts...)
			var list Errors
			if !errors.As(err, &list) || err.Error() != tt.want {
				t.Fatalf("err = %v, want %s", err, tt.want)
			}
		})
	}
}

// TestOwnerValidation: the owner reports after decoding, at the positions
// the decoder recorded; problems come out in file order.
func TestOwnerValidation(t *testing.T) {
	root, err := Parse("f.yaml", []byte("name: a\nnext:\n  count: -1\ntags: [x, y]\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder("f.yaml")
	var got doc
	if !d.Decode(root, "", &got) {
		t.Fatal(d.Err())
	}
	d.Errorf("tags[1]", "duplicate tag")
	d.Errorf("next.count", "must not be negative, got %d", got.Next.Count)
	d.Errorf("next.on", "required")
	d.Errorf("size", "required")
	d.ErrorAt(Pos{}, "", "no position")
	want := "f.yaml: no position\n" +
		"f.yaml:1:1: size: required\n" +
		"f.yaml:3:3: next.on: required\n" +
		"f.yaml:3:10: next.count: must not be negative, got -1\n" +
		"f.yaml:4:11: tags[1]: duplicate tag"
	if err := d.Err(); err == nil || err.Error() != want {
		t.Fatalf("err:\n%v\nwant:\n%s", err, want)
	}
}

func TestPositions(t *testing.T) {
	p := Positions{"": {1, 1}, "a": {2, 4}, "a.b[0]": {3, 7}}
	tests := []struct {
		give string
		want Pos
	}{
		{give: "a", want: Pos{2, 4}},
		{give: "a.b[0]", want: Pos{3, 7}},
		{give: "a.b[0].c", want: Pos{3, 7}},
		{give: "a.b[1]", want: Pos{2, 4}},
		{give: "z", want: Pos{1, 1}},
	}
	for _, tt := range tests {
		if got := p.Of(tt.give); got != tt.want {
			t.Errorf("Of(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
	if got := (Positions{}).Of("a"); got != (Pos{}) {
		t.Errorf("empty Of = %v, want the zero Pos", got)
	}
	if !p.Has("a") || p.Has("a.b") {
		t.Error("Has")
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		give Error
		want string
	}{
		{give: Error{File: "f", Line: 1, Col: 2, Path: "a.b", Msg: "m"}, want: "f:1:2: a.b: m"},
		{give: Error{File: "f", Line: 1, Msg: "m"}, want: "f:1: m"},
		{give: Error{File: "f", Msg: "m"}, want: "f: m"},
		{give: Error{Line: 3, Col: 4, Path: "p", Msg: "m"}, want: "3:4: p: m"},
		{give: Error{Path: "p", Msg: "m"}, want: "p: m"},
		{give: Error{Msg: "m"}, want: "m"},
	}
	for _, tt := range tests {
		if got := tt.give.Error(); got != tt.want {
			t.Errorf("%+v.Error() = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		give string
		want string
	}{
		{give: "{a: 1}", want: "a mapping"},
		{give: "[1]", want: "a list"},
		{give: "~", want: "null"},
		{give: "''", want: `""`},
		{give: "abc", want: `"abc"`},
		{give: `"a\"b"`, want: `"a\"b"`},
	}
	for _, tt := range tests {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(tt.give), &n); err != nil {
			t.Fatal(err)
		}
		if got := Describe(&n); got != tt.want {
			t.Errorf("Describe(%s) = %s, want %s", tt.give, got, tt.want)
		}
	}
}

func TestDecodeNeedsPointer(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for a non-pointer")
		}
	}()
	NewDecoder("f").Decode(&yaml.Node{Kind: yaml.ScalarNode, Value: "x"}, "", doc{})
}
