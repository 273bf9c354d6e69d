package server

import (
	"fmt"
	"slices"
	"strings"
)

// Defect names accepted by --defects. Each switches the server back to one
// failure class of EverOS 1.1.0; see doc.go and docs/server.md's defects table.
const (
	DefectSemAcrossRetries    = "sem-across-retries"
	DefectNoLLMDeadline       = "no-llm-deadline"
	DefectStoreLockAcrossCall = "store-lock-across-call"
	DefectSharedLLMPool       = "shared-llm-pool"
	DefectBatchBarrier        = "batch-barrier"
	DefectHealthBehindLimiter = "health-behind-limiter"
	DefectNoLeaseExpiry       = "no-lease-expiry"
)

// DefectNames lists every defect name, sorted.
func DefectNames() []string {
	names := []string{DefectSemAcrossRetries, DefectNoLLMDeadline, DefectStoreLockAcrossCall,
		DefectSharedLLMPool, DefectBatchBarrier, DefectHealthBehindLimiter, DefectNoLeaseExpiry}
	slices.Sort(names)
	return names
}

// ParseDefects splits a comma-separated list ("a,b"), trimming spaces and
// dropping empties. Unknown names are an error that lists the valid ones.
func ParseDefects(list string) ([]string, error) {
	var out []string
	for _, n := range strings.Split(list, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out, checkDefects(out)
}

func checkDefects(names []string) error {
	valid := DefectNames()
	for _, n := range names {
		if !slices.Contains(valid, n) {
			return fmt.Errorf("unknown defect %q (valid: %s)", n, strings.Join(valid, ", "))
		}
	}
	return nil
}

// defectSet is the parsed, validated set of defects a server runs with.
type defectSet map[string]bool

func newDefectSet(names []string) defectSet {
	s := defectSet{}
	for _, n := range names {
		s[n] = true
	}
	return s
}
