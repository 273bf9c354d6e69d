//go:build unix

package image

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockBuild serialises image builds across processes (go test runs
// packages in parallel, each would build the same tag): an exclusive flock
// on a file in the temp dir, released by the returned func.
func lockBuild() (func(), error) {
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "hangar-image.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("hangar image: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("hangar image: lock: %w", err)
	}
	return func() { f.Close() }, nil // closing the file releases the lock
}
