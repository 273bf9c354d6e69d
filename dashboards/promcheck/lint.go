package promcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
)

// DocumentedLintExceptions are metric name prefixes whose promtool lint
// findings are accepted: the fakellm mirrors llama-server's "llamacpp:"
// names on purpose, and promtool rejects ':' in exported names.
var DocumentedLintExceptions = []string{"llamacpp:"}

// promtoolLintFound is promtool check metrics' exit code when it found lint
// problems (1 means it could not lint at all).
const promtoolLintFound = 3

// LintProblem is one finding of promtool check metrics.
type LintProblem struct {
	Metric string
	Text   string
}

func (p LintProblem) String() string { return p.Metric + ": " + p.Text }

// LintMetrics fetches a /metrics URL and runs it through
// `promtool check metrics`, returning the findings for metrics whose name
// does not start with one of the allowed prefixes. An exposition promtool
// cannot parse is an error.
func LintMetrics(ctx context.Context, promtool, metricsURL string, allow []string) ([]LintProblem, error) {
	body, err := fetch(ctx, metricsURL)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(body)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &exit) && exit.ExitCode() == promtoolLintFound:
		return parseLint(out.String(), allow), nil
	default:
		return nil, fmt.Errorf("promtool check metrics %s: %w: %s", metricsURL, err, strings.TrimSpace(out.String()))
	}
}

func parseLint(out string, allow []string) []LintProblem {
	var problems []LintProblem
	for _, line := range strings.Split(out, "\n") {
		metric, text, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || allowed(metric, allow) {
			continue
		}
		problems = append(problems, LintProblem{Metric: metric, Text: text})
	}
	return problems
}

func allowed(metric string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(metric, p) {
			return true
		}
	}
	return false
}

func fetch(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch metrics: %w", err)
	}
	client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch metrics: %s answered %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("fetch metrics: %w", err)
	}
	return body, nil
}
