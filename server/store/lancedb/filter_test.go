package lancedb

import (
	"strings"
	"testing"
)

func TestFilters(t *testing.T) {
	tests := []struct {
		name string
		give string
		want string
	}{
		{"plain", sqlString("d_0123456789ab"), `'d_0123456789ab'`},
		{"quote", sqlString("it's"), `'it''s'`},
		{"injection", docFilter("x' OR '1'='1"), `doc_id = 'x'' OR ''1''=''1'`},
		{"backslash", sqlString(`a\'`), `'a\'''`},
		{"in", inFilter("id", []string{"a", "b'c"}), `id IN ('a', 'b''c')`},
		{"stale", staleFilter([]string{"a"}, 1700000000000001), `id IN ('a') AND updated_at <> 1700000000000001`},
		{"older", olderFilter("a", 42), `id = 'a' AND updated_at < 42`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.give != tc.want {
				t.Errorf("got %s, want %s", tc.give, tc.want)
			}
		})
	}
}

// unquote parses one SQL string literal that must span all of lit.
func unquote(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return "", false
	}
	var b strings.Builder
	body := lit[1 : len(lit)-1]
	for i := 0; i < len(body); i++ {
		if body[i] == '\'' {
			if i+1 == len(body) || body[i+1] != '\'' {
				return "", false // a lone quote would end the literal early
			}
			i++
		}
		b.WriteByte(body[i])
	}
	return b.String(), true
}

func FuzzSQLString(f *testing.F) {
	for _, s := range []string{"", "'", "''", "a'b", `\'`, "x' OR '1'='1", "é'ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lit := sqlString(s)
		got, ok := unquote(lit)
		if !ok || got != s {
			t.Fatalf("sqlString(%q) = %s does not parse back as one literal (got %q, %v)", s, lit, got, ok)
		}
	})
}
