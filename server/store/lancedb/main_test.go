package lancedb

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks for leaked goroutines: the tagged tests open a store,
// whose writer runs a goroutine.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
