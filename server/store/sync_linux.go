package store

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// syncPaths makes paths durable with one syncfs per file system they are
// on: it flushes every dirty file and directory there, so one call covers
// a whole group's files, their directory entries and the directories
// MkdirAll created.
func syncPaths(paths []string, report func(SyncEvent)) error {
	byDev := map[uint64][]string{}
	var devs []uint64
	for _, p := range paths {
		var st unix.Stat_t
		if err := unix.Stat(p, &st); err != nil {
			return fmt.Errorf("stat %s: %w", p, err)
		}
		if _, ok := byDev[st.Dev]; !ok {
			devs = append(devs, st.Dev)
		}
		byDev[st.Dev] = append(byDev[st.Dev], p)
	}
	for _, dev := range devs {
		if err := syncfs(byDev[dev], report); err != nil {
			return err
		}
	}
	return nil
}

func syncfs(paths []string, report func(SyncEvent)) error {
	fd, err := unix.Open(paths[0], unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", paths[0], err)
	}
	defer unix.Close(fd)
	report(SyncEvent{Kind: SyncFiles, Paths: paths})
	err = unix.Syncfs(fd)
	report(SyncEvent{Kind: SyncFiles, After: true, Paths: paths, Err: err})
	if err != nil {
		return fmt.Errorf("syncfs %s: %w", paths[0], err)
	}
	return nil
}
