//go:build !unix

package image

import "context"

// lockBuild is a no-op where flock is not available: concurrent builds of
// the same tag then race, which is harmless but wasteful.
func lockBuild(context.Context) (func(), error) { return func() {}, nil }
