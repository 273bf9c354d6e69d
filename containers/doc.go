// Package containers holds hangar's testcontainers-go modules: the fake
// LLM (fakellmcontainer) and the reference server (servercontainer), for
// any Go project's tests, and containerstest, the engine gate and
// clean-up proof their tests use.
//
// The image is built from the local hangar source the first time a module
// starts a container in a process: a static binary (CGO_ENABLED=0) in an
// image FROM scratch, tagged hangar:dev-<hash of the binary>. No registry
// is needed. Environment:
//
//	HANGAR_IMAGE=hangar:dev-…          use this image (already in the engine), build nothing
//	HANGAR_BINARY=/path/hangar         put this static binary in the image instead of `go build`
//	TESTCONTAINERS_RYUK_DISABLED=true  needed where the Ryuk image cannot be pulled
//	HANGAR_REQUIRE_DOCKER=1            containerstest fails, instead of skipping, without an engine
//	HANGAR_REMOVE_IMAGE=1              containerstest removes the cached image after the tests
//
// For programs (hangar run, hangar chaos-containers): Ping asks whether an
// engine answers, EnsureImage builds the image before timed work from a
// given static binary (the program's own, os.Executable(): no source tree
// or Go toolchain needed), or else `go build`; RemoveImage deletes it.
//
// The example test in this directory uses the modules from another package,
// as a user of the library would.
package containers
