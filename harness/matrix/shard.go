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

// Assign lists the cells of ids (any order) that shard s owns: ordered by
// variant, then scenario, every N-th starting at the K-th. It depends on
// the set of identities only, so every shard of one matrix computes the
// same split, and the counts differ by at most one. The cells of one
// variant are adjacent in that order, so the correct-server runs (full
// length, where the defect runs stop at their first failure) are dealt
// round the shards like every defect's.
func Assign(ids []string, s Shard) map[string]bool {
	cells := make([]CellID, 0, len(ids))
	for _, id := range ids {
		c, ok := parseCellID(id)
		if !ok {
			c = CellID{Scenario: id}
		}
		cells = append(cells, c)
	}
	slices.SortFunc(cells, func(a, b CellID) int {
		return cmp.Or(cmp.Compare(a.Defect, b.Defect), cmp.Compare(a.Scenario, b.Scenario))
	})
	out := map[string]bool{}
	for i, c := range cells {
		if !s.Sharded() || i%s.N == s.K-1 {
			out[c.String()] = true
		}
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
