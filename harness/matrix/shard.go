package matrix

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Shard is one of N parts of a matrix: K in 1..N. The zero value is the
// whole matrix, unsharded.
type Shard struct {
	K int `json:"k"`
	N int `json:"n"`
}

// Sharded reports whether s names a part (1/1 included) rather than the
// whole matrix.
func (s Shard) Sharded() bool { return s.N > 0 }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// ParseShard reads "K/N" (decimal, 1 ≤ K ≤ N).
func ParseShard(spec string) (Shard, error) {
	ks, ns, ok := strings.Cut(spec, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want K/N, such as 2/3", spec)
	}
	k, err := shardNumber("K", ks)
	if err != nil {
		return Shard{}, fmt.Errorf("shard %q: %w", spec, err)
	}
	n, err := shardNumber("N", ns)
	if err != nil {
		return Shard{}, fmt.Errorf("shard %q: %w", spec, err)
	}
	switch {
	case n < 1:
		return Shard{}, fmt.Errorf("shard %q: N must be at least 1", spec)
	case k < 1 || k > n:
		return Shard{}, fmt.Errorf("shard %q: K must be in 1..%d", spec, n)
	}
	return Shard{K: k, N: n}, nil
}

// shardNumber reads a non-negative decimal made of digits only (no sign,
// no spaces).
func shardNumber(name, s string) (int, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("%s must be a decimal number, got %q", name, s)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s %q is out of range", name, s)
	}
	return v, nil
}

// CellID names a cell: scenario and variant (a defect, or Correct).
type CellID struct {
	Scenario string
	Defect   string
}

func (id CellID) String() string { return id.Scenario + "/" + id.Defect }

// parseCellID is the inverse of String (a defect name never holds "/").
func parseCellID(s string) (CellID, bool) {
	i := strings.LastIndex(s, "/")
	if i <= 0 || i == len(s)-1 {
		return CellID{}, false
	}
	return CellID{Scenario: s[:i], Defect: s[i+1:]}, true
}

// CellIDs lists every cell of the matrix of these scenarios and defects,
// sorted: the identity list a shard records and a merge checks.
func CellIDs(scenarios, defects []string) []string {
	var out []string
	for _, s := range scenarios {
		out = append(out, CellID{s, Correct}.String())
		for _, d := range defects {
			out = append(out, CellID{s, d}.String())
		}
	}
	sort.Strings(out)
	return out
}

// Assign lists the cells of ids (any order) that shard s owns. It depends
// on the set of identities only, so every shard of one matrix computes the
// same split: scenarios are ranked by name (i), variants by name with the
// correct server first (j); the cells are ordered by diagonal, (i+j) mod
// N, then i, then j, and cut into N consecutive runs whose sizes differ by
// at most one. A diagonal holds about 1/N of every scenario's cells and of
// every variant's, so no shard gets all of one scenario or all the
// correct-server runs (full length, where defect runs stop at their first
// failure): the shards take about the same time, too.
func Assign(ids []string, s Shard) map[string]bool {
	out := map[string]bool{}
	cells := uniqueCells(ids)
	if !s.Sharded() {
		for _, c := range cells {
			out[c.String()] = true
		}
		return out
	}
	si, vi := ranks(cells, func(c CellID) string { return c.Scenario }), ranks(cells, variantKey)
	diag := func(c CellID) int { return (si[c.Scenario] + vi[variantKey(c)]) % s.N }
	slices.SortFunc(cells, func(a, b CellID) int {
		return cmp.Or(cmp.Compare(diag(a), diag(b)), cmp.Compare(si[a.Scenario], si[b.Scenario]), cmp.Compare(vi[variantKey(a)], vi[variantKey(b)]))
	})
	lo, hi := (s.K-1)*len(cells)/s.N, s.K*len(cells)/s.N
	for _, c := range cells[lo:hi] {
		out[c.String()] = true
	}
	return out
}

// variantKey sorts the correct server before every defect.
func variantKey(c CellID) string {
	if c.Defect == Correct {
		return ""
	}
	return "~" + c.Defect
}

// uniqueCells parses ids, once each.
func uniqueCells(ids []string) []CellID {
	seen := map[string]bool{}
	var out []CellID
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		c, ok := parseCellID(id)
		if !ok {
			c = CellID{Scenario: id}
		}
		out = append(out, c)
	}
	return out
}

// ranks numbers the distinct keys of cells in sorted order.
func ranks(cells []CellID, key func(CellID) string) map[string]int {
	var keys []string
	for _, c := range cells {
		keys = append(keys, key(c))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := map[string]int{}
	for i, k := range keys {
		out[k] = i
	}
	return out
}

// ShardInfo is what a shard records of the whole matrix, so a merge can
// tell a missing, doubled or foreign shard.
type ShardInfo struct {
	Shard
	// Determinism names the scenario of the same-seed check ("" none); it
	// is run by the shard that owns that scenario's correct-server cell.
	Determinism string `json:"determinism"`
	// AllCells is every cell identity of the whole matrix, sorted.
	AllCells []string `json:"all_cells"`
}

// determinismOwner is the cell whose shard runs the determinism check.
func determinismOwner(scenario string) string { return CellID{scenario, Correct}.String() }
