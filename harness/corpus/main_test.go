package corpus

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind (the concurrency
// test starts several).
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
