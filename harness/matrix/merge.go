package matrix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/harness/report"
)

// Part is one shard's matrix and where it was read from.
type Part struct {
	Source string
	M      *Matrix
}

// ReadPart reads a shard's defect-matrix.json: path is the file or the
// directory holding it. Unknown fields and trailing data are errors.
func ReadPart(path string) (Part, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, JSONFile)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return Part{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Matrix
	if err := dec.Decode(&m); err != nil {
		return Part{}, fmt.Errorf("%s: malformed: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Part{}, fmt.Errorf("%s: malformed: data after the matrix", path)
	}
	p := Part{Source: path, M: &m}
	return p, p.check()
}

// check validates one part on its own: a shard record that agrees with
// its scenarios and defects, and exactly its own cells, each filed right.
func (p Part) check() error {
	m := p.M
	if m.Shard == nil {
		return fmt.Errorf("%s: not a shard (no \"shard\" record)", p.Source)
	}
	if s := m.Shard.Shard; s.N < 1 || s.K < 1 || s.K > s.N {
		return fmt.Errorf("%s: shard %s: want 1 ≤ K ≤ N", p.Source, s)
	}
	if !slices.Equal(m.Shard.AllCells, m.allCells()) {
		return fmt.Errorf("%s: all_cells does not match its scenarios and defects", p.Source)
	}
	mine := Assign(m.Shard.AllCells, m.Shard.Shard)
	results := m.results()
	for _, id := range slices.Sorted(maps.Keys(results)) {
		c := results[id]
		switch {
		case !slices.Contains(m.Shard.AllCells, id):
			return fmt.Errorf("%s: cell %s is not in the matrix", p.Source, id)
		case !mine[id]:
			return fmt.Errorf("%s: cell %s is not shard %s's", p.Source, id, m.Shard.Shard)
		case CellID{c.Scenario, c.Defect}.String() != id:
			return fmt.Errorf("%s: cell %s holds the result of %s/%s", p.Source, id, c.Scenario, c.Defect)
		case !validVerdict(c.Verdict):
			return fmt.Errorf("%s: cell %s: verdict %q", p.Source, id, c.Verdict)
		}
	}
	for _, id := range m.Shard.AllCells {
		if _, ok := results[id]; mine[id] && !ok {
			return fmt.Errorf("%s: no result for cell %s", p.Source, id)
		}
	}
	return p.checkDeterminism()
}

func validVerdict(v report.Verdict) bool {
	switch v {
	case report.VerdictPass, report.VerdictFail, report.VerdictError, report.VerdictInconclusive:
		return true
	}
	return false
}

// checkDeterminism: the shard owning the determinism scenario's
// correct-server cell holds its result, and no other shard does.
func (p Part) checkDeterminism() error {
	m := p.M
	name := m.Shard.Determinism
	owns := name != "" && Assign(m.Shard.AllCells, m.Shard.Shard)[determinismOwner(name)]
	switch {
	case name != "" && !slices.Contains(m.Shard.AllCells, determinismOwner(name)):
		return fmt.Errorf("%s: determinism scenario %s is not in the matrix", p.Source, name)
	case owns && m.Determinism == nil:
		return fmt.Errorf("%s: no determinism result for %s, which shard %s owns", p.Source, name, m.Shard.Shard)
	case owns && m.Determinism.Scenario != name:
		return fmt.Errorf("%s: determinism result for %s, want %s", p.Source, m.Determinism.Scenario, name)
	case !owns && m.Determinism != nil:
		return fmt.Errorf("%s: determinism result from shard %s, which does not own it", p.Source, m.Shard.Shard)
	}
	return nil
}

// results maps each cell identity in m to its cell.
func (m *Matrix) results() map[string]Cell {
	out := map[string]Cell{}
	for s, c := range m.Correct {
		out[CellID{s, Correct}.String()] = c
	}
	for d, row := range m.Cells {
		for s, c := range row {
			out[CellID{s, d}.String()] = c
		}
	}
	return out
}

// Merge joins the parts of one sharded matrix into the matrix an unsharded
// run writes. Every shard 1..N must be there exactly once, all of one
// matrix. The wall time is the longest shard's.
func Merge(parts []Part) (*Matrix, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no shards to merge")
	}
	if err := agree(parts); err != nil {
		return nil, err
	}
	first := parts[0].M
	out := &Matrix{Scenarios: first.Scenarios, Defects: first.Defects, Correct: map[string]Cell{},
		Cells: map[string]map[string]Cell{}, EscapesAllowed: first.EscapesAllowed}
	for _, d := range first.Defects {
		out.Cells[d] = map[string]Cell{}
	}
	var par []string
	for _, p := range parts {
		for _, c := range p.M.results() {
			out.put(c)
		}
		if p.M.Determinism != nil {
			out.Determinism = p.M.Determinism
		}
		out.Elapsed = max(out.Elapsed, p.M.Elapsed)
		if p.M.Parallel != "" && p.M.Shard != nil {
			par = append(par, fmt.Sprintf("shard %s %s", p.M.Shard.Shard, p.M.Parallel))
		}
	}
	out.Parallel = strings.Join(par, "; ")
	return out, nil
}

// agree checks the parts against each other: one N, one matrix, each
// shard once, none missing.
func agree(parts []Part) error {
	a := parts[0]
	byK := map[int]string{}
	for _, p := range parts {
		if err := sameMatrix(a, p); err != nil {
			return err
		}
		k := p.M.Shard.K
		if prev, dup := byK[k]; dup {
			return fmt.Errorf("shards overlap: %s and %s are both shard %s", prev, p.Source, p.M.Shard.Shard)
		}
		byK[k] = p.Source
	}
	var missing []string
	for k := 1; k <= a.M.Shard.N; k++ {
		if byK[k] == "" {
			missing = append(missing, Shard{k, a.M.Shard.N}.String())
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing shard %s (have %d of %d)", strings.Join(missing, ", "), len(byK), a.M.Shard.N)
	}
	return nil
}

// sameMatrix: p is a part of the matrix a is a part of.
func sameMatrix(a, p Part) error {
	x, y := a.M, p.M
	switch {
	case x.Shard.N != y.Shard.N:
		return fmt.Errorf("shards disagree on N: %s is shard %s, %s is shard %s", a.Source, x.Shard.Shard, p.Source, y.Shard.Shard)
	case !slices.Equal(x.Shard.AllCells, y.Shard.AllCells):
		return fmt.Errorf("shards disagree on the matrix's cells: %s has %d, %s has %d%s", a.Source, len(x.Shard.AllCells),
			p.Source, len(y.Shard.AllCells), firstDifference(x.Shard.AllCells, y.Shard.AllCells))
	case !slices.Equal(x.Scenarios, y.Scenarios) || !slices.Equal(x.Defects, y.Defects):
		return fmt.Errorf("shards disagree on the order of scenarios or defects: %s and %s", a.Source, p.Source)
	case x.Shard.Determinism != y.Shard.Determinism:
		return fmt.Errorf("shards disagree on the determinism scenario: %s has %q, %s has %q", a.Source, x.Shard.Determinism, p.Source, y.Shard.Determinism)
	case x.EscapesAllowed != y.EscapesAllowed:
		return fmt.Errorf("shards disagree on escapes_allowed: %s and %s", a.Source, p.Source)
	}
	return nil
}

// firstDifference names the first cell one list has and the other lacks.
func firstDifference(a, b []string) string {
	for _, id := range a {
		if !slices.Contains(b, id) {
			return fmt.Sprintf(" (first difference: %s only in the first)", id)
		}
	}
	for _, id := range b {
		if !slices.Contains(a, id) {
			return fmt.Sprintf(" (first difference: %s only in the second)", id)
		}
	}
	return ""
}

// MergeFiles reads each path with ReadPart and merges the parts.
func MergeFiles(paths []string) (*Matrix, error) {
	var parts []Part
	for _, p := range paths {
		part, err := ReadPart(p)
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	return Merge(parts)
}
