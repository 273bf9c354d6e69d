package main

import "flag"

// update is accepted so that `go test ./dashboards/... -update` (which
// regenerates the dashboards' golden files) also runs this package.
var _ = flag.Bool("update", false, "no-op in this package (see package dashboards)")
