package containerstest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// RequireEnv is the variable that turns a missing engine into a failure.
const RequireEnv = "HANGAR_REQUIRE_DOCKER"

// PingTimeout bounds the engine check.
const PingTimeout = 10 * time.Second

var (
	engineOnce sync.Once
	engineErr  error // result of the first Engine call in this process
)

// Engine reports whether a container engine answers, asking it once per
// process.
func Engine() error {
	engineOnce.Do(func() {
		DisableRyukIfUnset()
		ctx, cancel := context.WithTimeout(context.Background(), PingTimeout)
		defer cancel()
		engineErr = ping(ctx)
	})
	return engineErr
}

func ping(ctx context.Context) error {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return err
	}
	defer cli.Close()
	if _, err := cli.Ping(ctx, client.PingOptions{}); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	return nil
}

// Required reports whether HANGAR_REQUIRE_DOCKER=1.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// RequireEngine skips tb when no engine answers, or fails it when the
// engine is required.
func RequireEngine(tb testing.TB) {
	tb.Helper()
	gate(tb, Engine(), Required())
}

func gate(tb testing.TB, err error, required bool) {
	tb.Helper()
	if err == nil {
		return
	}
	if required {
		tb.Fatalf("container engine required (%s=1) but none answered: %v", RequireEnv, err)
		return
	}
	tb.Skipf("container tests skipped: no container engine answered (%v); set %s=1 to fail instead", err, RequireEnv)
}

// DisableRyukIfUnset sets TESTCONTAINERS_RYUK_DISABLED=true unless it is
// set: the Ryuk image cannot be pulled without a registry. testcontainers
// reads its configuration once per process, so this must run before the
// first engine call; Engine, Take and Main call it.
func DisableRyukIfUnset() {
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
}
