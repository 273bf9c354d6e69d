package containers

import (
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/internal/image"
)

// RequireEnv is the variable that turns a missing engine into a failure
// (CI sets it to 1).
const RequireEnv = "HANGAR_REQUIRE_DOCKER"

// Required reports whether RequireEnv is 1.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Ping reports whether a container engine answers. It sets
// TESTCONTAINERS_RYUK_DISABLED=true when unset first: the Ryuk image cannot
// be pulled without a registry.
func Ping(ctx context.Context) error {
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("docker engine: %w", err)
	}
	defer cli.Close()
	if _, err := cli.Ping(ctx, client.PingOptions{}); err != nil {
		return fmt.Errorf("docker engine: ping: %w", err)
	}
	return nil
}

// EnsureImage builds the hangar image the modules run (or finds it), and
// returns its reference and whether this process built it: do it before
// timed work, so the first container does not pay for the build. bin, when
// not empty, is the binary put in the image, and nothing is compiled: it
// must be a static linux binary (CGO_ENABLED=0), such as a program's own
// os.Executable() when it is hangar. Without bin the image is built once
// per process from $HANGAR_BINARY, or a `go build` of the current module.
// HANGAR_IMAGE, when set, wins over both.
func EnsureImage(ctx context.Context, bin string, logw io.Writer) (ref string, built bool, err error) {
	if logw == nil {
		logw = io.Discard
	}
	var img image.Image
	if bin != "" && os.Getenv("HANGAR_IMAGE") == "" {
		if err := checkStatic(bin); err != nil {
			return "", false, err
		}
		img, err = image.EnsureBinary(ctx, bin, logw)
	} else {
		img, err = image.Ensure(ctx, logw)
	}
	if err != nil {
		return "", false, err
	}
	return img.Ref, img.Built, nil
}

// RemoveImage deletes the image ref; a missing one is not an error.
func RemoveImage(ctx context.Context, ref string) error { return image.Remove(ctx, ref) }

// checkStatic refuses a binary that needs a dynamic loader: an image FROM
// scratch has none.
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("hangar image: %s: not a linux binary: %w", path, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("hangar image: %s is dynamically linked: %w", path, ErrNotStatic)
		}
	}
	return nil
}

// ErrNotStatic is returned for a binary an image FROM scratch cannot run;
// build it with CGO_ENABLED=0.
var ErrNotStatic = errors.New("not static (build it with CGO_ENABLED=0)")
