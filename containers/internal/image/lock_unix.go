//go:build unix

package image

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockPoll is how often a waiting process retries the lock.
const lockPoll = 100 * time.Millisecond

// lockBuild serialises binary and image builds across processes (go test
// runs packages in parallel; each would compile the same binary and build
// the same tag): an exclusive flock on a file in the temp dir, released by
// the returned func. It waits until ctx ends.
func lockBuild(ctx context.Context) (func(), error) {
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "hangar-image.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("hangar image: lock: %w", err)
	}
	tick := time.NewTicker(lockPoll)
	defer tick.Stop()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing the file releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("hangar image: lock: %w", err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("hangar image: waiting for another build: %w", ctx.Err())
		case <-tick.C:
		}
	}
}
