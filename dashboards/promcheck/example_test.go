package promcheck_test

import (
	"context"
	"fmt"
	"time"

	"github.com/hangarhq/hangar/dashboards"
	"github.com/hangarhq/hangar/dashboards/promcheck"
)

// The end-to-end dashboard check: scrape a live run, then ask Prometheus
// about every panel, rule and metric. (Not run: it needs the targets.)
func Example() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := promcheck.Start(ctx, promcheck.Config{
		Targets: []promcheck.Target{
			{Job: "hangar-server", Addr: "127.0.0.1:8001"},
			{Job: "fakellm", Addr: "127.0.0.1:8585"},
			{Job: "hangar-harness", Addr: "127.0.0.1:9464"},
		},
		ScrapeInterval: time.Second,
		RuleFiles:      []string{"/abs/path/dashboards/prometheus/rules/hangar.rules.yml"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	if err := p.WaitScrapes(ctx, 5, time.Minute); err != nil {
		fmt.Println(err)
		return
	}
	// ... run the scenario here, while Prometheus scrapes ...
	checks, err := dashboards.AllChecks()
	if err != nil {
		fmt.Println(err)
		return
	}
	vars := promcheck.Vars{Range: 5 * time.Minute, ScrapeInterval: time.Second}
	for _, problem := range promcheck.Problems(p.Check(ctx, checks, vars)) {
		fmt.Println(problem)
	}
}
