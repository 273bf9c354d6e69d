package promcheck_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hangarhq/hangar/dashboards/promcheck"
)

func requirePromtool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err == nil {
		return path
	}
	if os.Getenv("HANGAR_REQUIRE_PROMTOOL") == "1" {
		t.Fatal("promtool not found and HANGAR_REQUIRE_PROMTOOL=1: apt-get install -y prometheus")
	}
	t.Skip("promtool not on PATH (apt-get install -y prometheus); set HANGAR_REQUIRE_PROMTOOL=1 to make this a failure")
	return ""
}

func exposition(t *testing.T, text string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprint(w, text)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/metrics"
}

const badExposition = `# HELP bad_counter x
# TYPE bad_counter counter
bad_counter 1
# HELP llamacpp:requests_processing x
# TYPE llamacpp:requests_processing gauge
llamacpp:requests_processing 0
# TYPE nohelp gauge
nohelp 1
`

func TestLintMetrics(t *testing.T) {
	promtool := requirePromtool(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tests := []struct {
		name  string
		give  string
		allow []string
		want  []string
	}{
		{name: "clean", give: "# HELP ok_total x\n# TYPE ok_total counter\nok_total 1\n"},
		{name: "problems", give: badExposition, want: []string{
			`bad_counter: counter metrics should have "_total" suffix`,
			"bad_counter: metric name should not include type 'counter'",
			"llamacpp:requests_processing: metric names should not contain ':'",
			"nohelp: no help text",
		}},
		{name: "documented exception", give: badExposition, allow: promcheck.DocumentedLintExceptions, want: []string{
			`bad_counter: counter metrics should have "_total" suffix`,
			"bad_counter: metric name should not include type 'counter'",
			"nohelp: no help text",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := promcheck.LintMetrics(ctx, promtool, exposition(t, tt.give), tt.allow)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, p := range got {
				lines = append(lines, p.String())
			}
			if strings.Join(lines, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestLintMetricsErrors(t *testing.T) {
	promtool := requirePromtool(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := promcheck.LintMetrics(ctx, promtool, exposition(t, "garbage{{{\n"), nil); err == nil ||
		!strings.Contains(err.Error(), "text format parsing error") {
		t.Errorf("unparseable exposition: err = %v", err)
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if _, err := promcheck.LintMetrics(ctx, promtool, srv.URL+"/metrics", nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("404: err = %v", err)
	}
}
