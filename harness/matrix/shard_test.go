package matrix

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		give    string
		want    Shard
		wantErr string
	}{
		{give: "1/1", want: Shard{1, 1}},
		{give: "2/3", want: Shard{2, 3}},
		{give: "3/3", want: Shard{3, 3}},
		{give: "007/10", want: Shard{7, 10}},
		{give: "0/3", wantErr: `shard "0/3": K must be in 1..3`},
		{give: "4/3", wantErr: `shard "4/3": K must be in 1..3`},
		{give: "1/0", wantErr: `shard "1/0": N must be at least 1`},
		{give: "0/0", wantErr: `shard "0/0": N must be at least 1`},
		{give: "3", wantErr: `shard "3": want K/N, such as 2/3`},
		{give: "", wantErr: `shard "": want K/N, such as 2/3`},
		{give: "-1/3", wantErr: `shard "-1/3": K must be a decimal number, got "-1"`},
		{give: "+1/3", wantErr: `shard "+1/3": K must be a decimal number, got "+1"`},
		{give: "1/ 3", wantErr: `shard "1/ 3": N must be a decimal number, got " 3"`},
		{give: "1/3/4", wantErr: `shard "1/3/4": N must be a decimal number, got "3/4"`},
		{give: "1/", wantErr: `shard "1/": N must be a decimal number, got ""`},
		{give: "1/99999999999999999999", wantErr: `shard "1/99999999999999999999": N "99999999999999999999" is out of range`},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got, err := ParseShard(tt.give)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseShard(%q) = %v, %v; want error %q", tt.give, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseShard(%q) = %v, %v; want %v", tt.give, got, err, tt.want)
			}
		})
	}
}

var canonicalShard = regexp.MustCompile(`^[0-9]+/[0-9]+$`)

func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"1/1", "2/3", "0/3", "4/3", "1/0", "", "/", "01/02", "-1/3", "1/3/4", "9999999999999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseShard(spec)
		if err != nil {
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("shard %q: ", spec)) {
				t.Fatalf("error %q does not name the spec", err)
			}
			return
		}
		if s.N < 1 || s.K < 1 || s.K > s.N || !canonicalShard.MatchString(spec) {
			t.Fatalf("ParseShard(%q) accepted %+v", spec, s)
		}
		if back, err := ParseShard(s.String()); err != nil || back != s {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}

// TestAssign: the shards partition the cells, balanced in count, whatever
// order the identities come in.
func TestAssign(t *testing.T) {
	ids := CellIDs([]string{"d", "a", "c", "b", "e"}, []string{"x", "y"}) // 15 cells
	reversed := slices.Clone(ids)
	slices.Reverse(reversed)
	for _, n := range []int{1, 2, 3, 4, 15, 16} {
		owner := map[string]int{}
		for k := 1; k <= n; k++ {
			got := Assign(ids, Shard{k, n})
			if again := Assign(reversed, Shard{k, n}); !mapsEqual(got, again) {
				t.Fatalf("shard %d/%d depends on the order of the identities", k, n)
			}
			if size, want := len(got), len(ids)/n; size != want && size != want+1 {
				t.Errorf("shard %d/%d has %d cells, want %d or %d", k, n, size, want, want+1)
			}
			for id := range got {
				if prev := owner[id]; prev != 0 {
					t.Fatalf("%s in shards %d and %d of %d", id, prev, k, n)
				}
				owner[id] = k
			}
		}
		if len(owner) != len(ids) {
			t.Fatalf("N=%d: %d of %d cells have a shard", n, len(owner), len(ids))
		}
	}
	// 3 scenarios × (correct + 2 defects) in 3 shards: each shard gets one
	// cell of each scenario and of each variant, so neither all the
	// correct-server runs (the long ones) nor all of one scenario's.
	small := CellIDs([]string{"a", "b", "c"}, []string{"x", "y"})
	for k := 1; k <= 3; k++ {
		scen, variant := map[string]int{}, map[string]int{}
		for id := range Assign(small, Shard{k, 3}) {
			c, _ := parseCellID(id)
			scen[c.Scenario]++
			variant[c.Defect]++
		}
		if len(scen) != 3 || len(variant) != 3 {
			t.Errorf("shard %d/3 has scenarios %v and variants %v, want one cell of each", k, scen, variant)
		}
	}
	if got := Assign(ids, Shard{}); len(got) != len(ids) {
		t.Fatalf("the zero shard holds %d of %d cells", len(got), len(ids))
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// runShards runs the fake matrix of cfg as n shards into dir/s1..sn and
// reads them back.
func runShards(t *testing.T, cfg Config, n int, dir string) []Part {
	t.Helper()
	var parts []Part
	for k := 1; k <= n; k++ {
		cfg.Shard = Shard{k, n}
		m, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, fmt.Sprintf("s%d", k))
		if err := WriteFiles(out, m); err != nil {
			t.Fatal(err)
		}
		p, err := ReadPart(out)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	return parts
}

// TestMergedEqualsUnsharded: the matrix run whole and the same matrix run
// as 3 shards and merged have the same cells, verdicts, problems and
// Markdown (but for the wall time); every cell ran in exactly one shard.
// Inconclusive cells are retried and fail the merged matrix as they do
// the unsharded one.
func TestMergedEqualsUnsharded(t *testing.T) {
	tests := []struct {
		name    string
		broken  map[string]bool
		starved map[string]int
	}{
		{name: "clean"},
		{name: "broken", broken: set("c/correct")},
		{name: "starved", starved: map[string]int{"a/d1": -1, "c/correct": -1, "b/d2": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole, all := newFake(), newFake()
			if tt.broken != nil {
				whole.broken, all.broken = tt.broken, tt.broken
			}
			whole.starved, all.starved = tt.starved, tt.starved
			want, err := Run(context.Background(), fakeConfig(whole))
			if err != nil {
				t.Fatal(err)
			}
			parts := runShards(t, fakeConfig(all), 3, t.TempDir())
			got, err := Merge(parts)
			if err != nil {
				t.Fatal(err)
			}
			compareMatrices(t, got, want)
			if g, w := got.InconclusiveCells(), want.InconclusiveCells(); !slices.Equal(g, w) || (len(w) > 0) != (tt.starved != nil) {
				t.Errorf("inconclusive cells: merged %q, unsharded %q", g, w)
			}
			if !mapsEqualInt(all.attempts, whole.attempts) || all.determinism != 1 || whole.determinism != 1 {
				t.Fatalf("sharded attempts %v (determinism %d), unsharded %v (%d)", all.attempts, all.determinism, whole.attempts, whole.determinism)
			}
			for _, p := range parts {
				if n := len(p.M.results()); n < 5 || n > 6 {
					t.Errorf("%s holds %d of 16 cells", p.Source, n)
				}
			}
		})
	}
}

func compareMatrices(t *testing.T, got, want *Matrix) {
	t.Helper()
	g, w := got.results(), want.results()
	for _, id := range CellIDs(want.Scenarios, want.Defects) {
		if g[id].Verdict != w[id].Verdict || !slices.Equal(g[id].Failed, w[id].Failed) || len(g[id].Retried) != len(w[id].Retried) {
			t.Errorf("cell %s: merged %+v, unsharded %+v", id, g[id], w[id])
		}
	}
	if gp, wp := got.Problems(), want.Problems(); !slices.Equal(gp, wp) || len(wp) == 0 {
		t.Errorf("problems: merged %q, unsharded %q (want at least the escape of d3)", gp, wp)
	}
	got.Elapsed, want.Elapsed = 0, 0
	got.Parallel, want.Parallel = "", "" // each shard chose its own
	var gm, wm strings.Builder
	if err := WriteMarkdown(&gm, got); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&wm, want); err != nil {
		t.Fatal(err)
	}
	if gm.String() != wm.String() {
		t.Errorf("merged markdown:\n%s\nunsharded:\n%s", gm.String(), wm.String())
	}
}

func mapsEqualInt(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestShardProblems: a shard answers for its own correct-server cells and
// never for escapes, which only the merge can see.
func TestShardProblems(t *testing.T) {
	f := newFake()
	f.broken = set("c/correct")
	parts := runShards(t, fakeConfig(f), 3, t.TempDir())
	var failing []string
	for _, p := range parts {
		for _, problem := range p.M.Problems() {
			failing = append(failing, p.M.Shard.String()+" "+problem)
		}
	}
	owner := 0
	for k := 1; k <= 3; k++ {
		if Assign(parts[0].M.Shard.AllCells, Shard{k, 3})["c/correct"] {
			owner = k
		}
	}
	want := fmt.Sprintf("%d/3 correct server fail c: uploads.answered_within (fail): c/correct attempt 2", owner)
	if len(failing) != 1 || failing[0] != want {
		t.Fatalf("shard problems %q, want [%q]", failing, want)
	}
}
