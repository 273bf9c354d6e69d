package containerstest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/hangarhq/hangar/containers/internal/image"
)

// RemoveImageEnv makes Main remove the hangar image the tests used. By
// default it is kept: like testcontainers' FromDockerfile.KeepImage, a
// cached image (tag = hash of the binary, rebuilt only when the binary
// changes, older tags pruned) saves a build per package, and packages run
// in parallel share it, so one package cannot remove it under another.
// `make test-containers` builds it once (HANGAR_IMAGE) and removes it after.
const RemoveImageEnv = "HANGAR_REMOVE_IMAGE"

// CleanupTimeout bounds the final inventory and image removal.
const CleanupTimeout = time.Minute

// Main runs the tests of a package that starts containers and exits:
// inventory before and after, the built image removed, goleak with opts.
// Use it as the whole TestMain: func TestMain(m *testing.M) { containerstest.Main(m) }.
func Main(m *testing.M, opts ...goleak.Option) {
	os.Exit(run(m, opts...))
}

func run(m *testing.M, opts ...goleak.Option) int {
	DisableRyukIfUnset()
	var before *Inventory
	if Engine() == nil {
		inv, err := inventory()
		if err != nil {
			fmt.Fprintln(os.Stderr, "containerstest:", err)
			return 1
		}
		before = &inv
		fmt.Fprintf(os.Stderr, "containerstest: engine before the tests:\n%s\n", inv)
	}
	code := m.Run()
	if before != nil && !finish(*before) {
		code = 1
	}
	if err := goleak.Find(opts...); err != nil {
		fmt.Fprintln(os.Stderr, "containerstest: goleak:", err)
		code = 1
	}
	return code
}

func inventory() (Inventory, error) {
	ctx, cancel := context.WithTimeout(context.Background(), CleanupTimeout)
	defer cancel()
	return Take(ctx)
}

// finish removes the image this process built and reports leftovers.
func finish(before Inventory) bool {
	ctx, cancel := context.WithTimeout(context.Background(), CleanupTimeout)
	defer cancel()
	if img, ok := image.Cached(); ok && os.Getenv("HANGAR_IMAGE") == "" {
		if os.Getenv(RemoveImageEnv) != "1" {
			fmt.Fprintf(os.Stderr, "containerstest: keeping the cached image %s (set %s=1 to remove it)\n", img.Ref, RemoveImageEnv)
		} else if err := image.Remove(ctx, img.Ref); err != nil {
			fmt.Fprintln(os.Stderr, "containerstest:", err)
			return false
		}
	}
	after, err := Take(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "containerstest:", err)
		return false
	}
	fmt.Fprintf(os.Stderr, "containerstest: engine after the tests:\n%s\n", after)
	if left := before.Added(after).Mine(); !left.Empty() {
		fmt.Fprintf(os.Stderr, "containerstest: left behind by the tests:\n%s\n", left)
		return false
	}
	return true
}
