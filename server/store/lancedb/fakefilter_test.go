package lancedb

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// parsePredicate parses the predicates the backend generates, strictly:
// cond { AND cond }, cond = col = 'text' | col IN ('a', ...) | col <> int | col < int.
func parsePredicate(s string) (func(fakeRow) bool, error) {
	var conds []func(fakeRow) bool
	for part := range strings.SplitSeq(splitLiterals(s), " AND ") {
		c, err := parseCond(unsplit(part))
		if err != nil {
			return nil, fmt.Errorf("predicate %q: %w", s, err)
		}
		conds = append(conds, c)
	}
	return func(r fakeRow) bool {
		for _, c := range conds {
			if !c(r) {
				return false
			}
		}
		return true
	}, nil
}

// splitLiterals hides " AND " inside string literals so the split above
// only cuts between conditions; unsplit undoes it.
func splitLiterals(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			in = !in // a doubled quote toggles twice
		}
		if in && s[i] == ' ' {
			b.WriteString("\x01")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func unsplit(s string) string { return strings.ReplaceAll(s, "\x01", " ") }

func parseCond(s string) (func(fakeRow) bool, error) {
	col, rest, ok := strings.Cut(s, " ")
	if !ok || col == "" {
		return nil, fmt.Errorf("condition %q", s)
	}
	op, arg, _ := strings.Cut(rest, " ")
	switch op {
	case "=":
		lit, err := literal(arg)
		return func(r fakeRow) bool { return r[col] == lit }, err
	case "IN":
		set, err := literalList(arg)
		return func(r fakeRow) bool { s, _ := r[col].(string); return slices.Contains(set, s) }, err
	case "<>", "<":
		n, err := strconv.ParseInt(arg, 10, 64)
		return func(r fakeRow) bool {
			v, ok := asInt(r[col])
			return ok && ((op == "<>" && v != n) || (op == "<" && v < n))
		}, err
	}
	return nil, fmt.Errorf("operator %q in %q", op, s)
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	}
	return 0, false
}

func literal(s string) (string, error) {
	if v, ok := unquote(s); ok {
		return v, nil
	}
	return "", fmt.Errorf("string literal %q", s)
}

func literalList(s string) ([]string, error) {
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return nil, fmt.Errorf("list %q", s)
	}
	var out []string
	for item := range strings.SplitSeq(splitLiterals(s[1:len(s)-1]), ", ") {
		v, err := literal(unsplit(item))
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// TestFakePredicates checks the fake against the filters the backend
// builds, so the fake tests below test the backend, not the fake.
func TestFakePredicates(t *testing.T) {
	row := fakeRow{"id": "a b", "doc_id": "x' AND 'y", "updated_at": int64(5)}
	reloaded := fakeRow{"id": "a b", "doc_id": "x' AND 'y", "updated_at": float64(5)}
	tests := []struct {
		give string
		want bool
	}{
		{docFilter("x' AND 'y"), true},
		{docFilter("x"), false},
		{inFilter(colID, []string{"q", "a b"}), true},
		{staleFilter([]string{"a b"}, 5), false},
		{staleFilter([]string{"a b"}, 6), true},
		{olderFilter("a b", 6), true},
		{olderFilter("a b", 5), false},
	}
	for _, tc := range tests {
		for _, r := range []fakeRow{row, reloaded} {
			match, err := parsePredicate(tc.give)
			if err != nil {
				t.Fatalf("%s: %v", tc.give, err)
			}
			if got := match(r); got != tc.want {
				t.Errorf("%s on %v: got %v, want %v", tc.give, r, got, tc.want)
			}
		}
	}
	for _, bad := range []string{"id", "id == 'a'", "id = a", "id IN 'a'", "updated_at < x", "id = 'a' OR 1 = 1"} {
		if _, err := parsePredicate(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
