package lancedb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/lancedb/lancedb-go/pkg/contracts"
)

// fakeDB stands in for a LanceDB database in tests that cannot link the
// native library. It keeps what the backend relies on, as read from
// lancedb-go v0.1.2 and its Rust side: AddRecords appends, Delete takes an
// SQL predicate, Select returns rows as decoded JSON, a vector search is a
// flat L2 scan returning _distance. Each table lives in one JSON file in
// dir, replaced atomically on every change, so a copy of dir is what a
// killed process leaves. Predicates are parsed strictly: a form the backend
// does not generate is an error, not a silent match.
type fakeDB struct {
	dir    string
	mu     sync.Mutex // guards closed
	closed bool
}

func newFakeDB(dir string) *fakeDB { return &fakeDB{dir: dir} }

func (d *fakeDB) path(name string) string { return filepath.Join(d.dir, name+".table.json") }

func (d *fakeDB) TableNames(context.Context) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(d.dir, "*.table.json"))
	if err != nil {
		return nil, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(filepath.Base(f), ".table.json")
	}
	return names, nil
}

func (d *fakeDB) OpenTable(_ context.Context, name string) (contracts.ITable, error) {
	b, err := os.ReadFile(d.path(name))
	if err != nil {
		return nil, fmt.Errorf("failed to open table %s: %w", name, err)
	}
	t := &fakeTable{name: name, path: d.path(name)}
	if err := json.Unmarshal(b, &t.data); err != nil {
		return nil, fmt.Errorf("failed to open table %s: %w", name, err)
	}
	return t, nil
}

func (d *fakeDB) CreateTable(ctx context.Context, name string, schema *arrow.Schema) (contracts.ITable, error) {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return nil, err
	}
	t := &fakeTable{name: name, path: d.path(name)}
	for _, f := range schema.Fields() {
		c := fakeColumn{Name: f.Name, Type: f.Type.ID().String()}
		if l, ok := f.Type.(*arrow.FixedSizeListType); ok {
			c.Dim = int(l.Len())
		}
		t.data.Columns = append(t.data.Columns, c)
	}
	if err := t.save(); err != nil {
		return nil, err
	}
	return d.OpenTable(ctx, name)
}

func (d *fakeDB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	return nil
}

type fakeColumn struct {
	Name string
	Type string // arrow type id name: STRING, INT64, FIXED_SIZE_LIST (float32)
	Dim  int
}

// fakeRow holds string, int64 and []float32 values (as float64 after a reload).
type fakeRow map[string]any

type fakeData struct {
	Columns []fakeColumn
	Rows    []fakeRow
}

type fakeTable struct {
	contracts.ITable // methods the backend does not use panic (nil)

	name string
	path string

	mu           sync.Mutex // guards data, closed, failDeletes
	data         fakeData
	closed       bool
	failDeletes  int // the next n deletes fail (crash injection)
	deleteCalled int
}

func (t *fakeTable) Name() string { return t.name }

func (t *fakeTable) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	return nil
}

func (t *fakeTable) save() error {
	b, err := json.Marshal(t.data)
	if err != nil {
		return err
	}
	tmp := t.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, t.path)
}

func (t *fakeTable) Schema(context.Context) (*arrow.Schema, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var fields []arrow.Field
	for _, c := range t.data.Columns {
		var typ arrow.DataType
		switch c.Type {
		case arrow.STRING.String():
			typ = arrow.BinaryTypes.String
		case arrow.INT64.String():
			typ = arrow.PrimitiveTypes.Int64
		case arrow.FIXED_SIZE_LIST.String():
			typ = arrow.FixedSizeListOf(int32(c.Dim), arrow.PrimitiveTypes.Float32)
		default:
			return nil, fmt.Errorf("fake: column %s: type %s", c.Name, c.Type)
		}
		fields = append(fields, arrow.Field{Name: c.Name, Type: typ})
	}
	return arrow.NewSchema(fields, nil), nil
}

func (t *fakeTable) Count(context.Context) (int64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return int64(len(t.data.Rows)), t.open()
}

func (t *fakeTable) open() error {
	if t.closed {
		return errors.New("table is closed")
	}
	return nil
}

func (t *fakeTable) AddRecords(_ context.Context, records []arrow.Record, _ *contracts.AddDataOptions) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.open(); err != nil {
		return err
	}
	var add []fakeRow
	for _, rec := range records {
		rows, err := t.decodeRecord(rec)
		if err != nil {
			return fmt.Errorf("failed to add records: %w", err)
		}
		add = append(add, rows...)
	}
	t.data.Rows = append(t.data.Rows, add...)
	return t.save()
}

// decodeRecord checks rec against the table's columns (names, order,
// types) as LanceDB does, and returns its rows.
func (t *fakeTable) decodeRecord(rec arrow.Record) ([]fakeRow, error) {
	if int(rec.NumCols()) != len(t.data.Columns) {
		return nil, fmt.Errorf("record has %d columns, table %d", rec.NumCols(), len(t.data.Columns))
	}
	rows := make([]fakeRow, rec.NumRows())
	for i := range rows {
		rows[i] = fakeRow{}
	}
	for ci, c := range t.data.Columns {
		f := rec.Schema().Field(ci)
		if f.Name != c.Name || f.Type.ID().String() != c.Type {
			return nil, fmt.Errorf("record column %d is %s %s, table has %s %s", ci, f.Name, f.Type, c.Name, c.Type)
		}
		if err := decodeColumn(rec.Column(ci), c, rows); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func decodeColumn(col arrow.Array, c fakeColumn, rows []fakeRow) error {
	for i := range rows {
		switch a := col.(type) {
		case *array.String:
			rows[i][c.Name] = a.Value(i)
		case *array.Int64:
			rows[i][c.Name] = a.Value(i)
		case *array.FixedSizeList:
			vals := a.ListValues().(*array.Float32).Float32Values()
			if len(vals) != len(rows)*c.Dim {
				return fmt.Errorf("column %s: %d values for %d rows of %d", c.Name, len(vals), len(rows), c.Dim)
			}
			rows[i][c.Name] = slices.Clone(vals[i*c.Dim : (i+1)*c.Dim])
		default:
			return fmt.Errorf("column %s: unexpected %T", c.Name, col)
		}
	}
	return nil
}

func (t *fakeTable) Delete(_ context.Context, filter string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.open(); err != nil {
		return err
	}
	t.deleteCalled++
	if t.failDeletes > 0 {
		t.failDeletes--
		return errors.New("failed to delete rows: injected")
	}
	match, err := parsePredicate(filter)
	if err != nil {
		return fmt.Errorf("failed to delete rows: %w", err)
	}
	t.data.Rows = slices.DeleteFunc(t.data.Rows, match)
	return t.save()
}

func (t *fakeTable) Select(_ context.Context, cfg contracts.QueryConfig) ([]map[string]any, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.open(); err != nil {
		return nil, err
	}
	rows := slices.Clone(t.data.Rows)
	if cfg.Where != "" {
		match, err := parsePredicate(cfg.Where)
		if err != nil {
			return nil, fmt.Errorf("failed to execute select query: %w", err)
		}
		rows = slices.DeleteFunc(rows, func(r fakeRow) bool { return !match(r) })
	}
	var dist []float64
	if vs := cfg.VectorSearch; vs != nil {
		var err error
		if rows, dist, err = nearestL2(rows, vs); err != nil {
			return nil, fmt.Errorf("failed to execute select query: %w", err)
		}
	}
	return project(rows, dist, cfg.Columns)
}

// nearestL2 is LanceDB's flat search with its default metric: squared L2.
func nearestL2(rows []fakeRow, vs *contracts.VectorSearch) ([]fakeRow, []float64, error) {
	type scored struct {
		r fakeRow
		d float64
	}
	all := make([]scored, 0, len(rows))
	for _, r := range rows {
		v := toFloats(r[vs.Column])
		if len(v) != len(vs.Vector) {
			return nil, nil, fmt.Errorf("query has %d dims, column %s %d", len(vs.Vector), vs.Column, len(v))
		}
		var d float64
		for i := range v {
			d += math.Pow(float64(v[i])-float64(vs.Vector[i]), 2)
		}
		all = append(all, scored{r, d})
	}
	slices.SortStableFunc(all, func(a, b scored) int { return cmpFloat(a.d, b.d) })
	all = all[:min(vs.K, len(all))]
	out, dist := make([]fakeRow, len(all)), make([]float64, len(all))
	for i, s := range all {
		out[i], dist[i] = s.r, s.d
	}
	return out, dist, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func toFloats(v any) []float32 {
	switch x := v.(type) {
	case []float32:
		return x
	case []any: // after a reload from JSON
		out := make([]float32, len(x))
		for i, f := range x {
			out[i] = float32(f.(float64))
		}
		return out
	}
	return nil
}

// project keeps the selected columns (all when none) and returns the rows
// as lancedb-go does: through JSON into maps.
func project(rows []fakeRow, dist []float64, cols []string) ([]map[string]any, error) {
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		m := map[string]any{}
		for k, v := range r {
			if len(cols) == 0 || slices.Contains(cols, k) {
				m[k] = v
			}
		}
		for _, c := range cols {
			if _, ok := r[c]; !ok {
				return nil, fmt.Errorf("no column %s", c)
			}
		}
		if dist != nil {
			m["_distance"] = float32(dist[i])
		}
		out[i] = m
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	var decoded []map[string]any
	return decoded, json.Unmarshal(b, &decoded)
}
