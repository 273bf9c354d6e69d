//go:build !linux

package store

import (
	"fmt"
	"os"
)

// syncPaths makes paths durable with one fsync each, in order (files
// before the directories that name them).
func syncPaths(paths []string, report func(SyncEvent)) error {
	for _, p := range paths {
		if err := fsync(p, report); err != nil {
			return err
		}
	}
	return nil
}

func fsync(path string, report func(SyncEvent)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	report(SyncEvent{Kind: SyncFiles, Paths: []string{path}})
	err = f.Sync()
	report(SyncEvent{Kind: SyncFiles, After: true, Paths: []string{path}, Err: err})
	if err != nil {
		return fmt.Errorf("fsync %s: %w", path, err)
	}
	return nil
}
