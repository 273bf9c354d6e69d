package scenario

import "github.com/hangarhq/hangar/server"

// DefectNames returns the defect names a scenario (or --defects) may use:
// the server's own list, so the two cannot drift.
func DefectNames() []string { return server.DefectNames() }
