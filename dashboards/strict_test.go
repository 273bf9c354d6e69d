package dashboards_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"

	"github.com/hangarhq/hangar/dashboards"
)

// The committed JSON decodes strictly into the SDK's dashboard schema (no
// unknown field, no missing required field, every panel and query type
// known), validates, and survives re-encoding unchanged.
func TestCommittedJSONMatchesSchema(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	for _, d := range dashboards.All() {
		t.Run(d.UID, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(goldenDir, d.UID+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var got dashboard.Dashboard
			if err := realError(got.UnmarshalJSONStrict(raw)); err != nil {
				t.Fatalf("strict decode: %v", err)
			}
			if err := realError(got.Validate()); err != nil {
				t.Fatalf("validate: %v", err)
			}
			// v0.0.22's strict decoder drops panels (the empty-error bug
			// above makes PanelOrRowPanel return early), so the round trip
			// uses the regular decoder.
			var loose dashboard.Dashboard
			if err := json.Unmarshal(raw, &loose); err != nil {
				t.Fatal(err)
			}
			again, err := json.Marshal(loose)
			if err != nil {
				t.Fatal(err)
			}
			var a, b any
			if err := json.Unmarshal(raw, &a); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(again, &b); err != nil {
				t.Fatal(err)
			}
			if d := jsonDiff("", a, b); d != "" {
				t.Fatalf("the JSON does not survive a decode/encode round trip through the SDK schema: %s", d)
			}
		})
	}
}

// realError drops the empty cog.BuildErrors that the SDK (v0.0.22) returns
// as a non-nil error when strict decoding found nothing wrong.
func realError(err error) error {
	var be cog.BuildErrors
	if errors.As(err, &be) && len(be) == 0 {
		return nil
	}
	return err
}

// jsonDiff names the first path where two decoded JSON values differ.
func jsonDiff(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return path + ": object vs " + fmt.Sprintf("%T", b)
		}
		for k := range x {
			if _, ok := y[k]; !ok {
				return path + "." + k + ": dropped"
			}
			if d := jsonDiff(path+"."+k, x[k], y[k]); d != "" {
				return d
			}
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				return path + "." + k + ": added"
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return path + ": arrays differ in length"
		}
		for i := range x {
			if d := jsonDiff(fmt.Sprintf("%s[%d]", path, i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if a != b {
		return fmt.Sprintf("%s: %v vs %v", path, a, b)
	}
	return ""
}
