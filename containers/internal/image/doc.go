// Package image builds the hangar container image from the local source,
// once per process: a static binary (CGO_ENABLED=0, GOOS=linux) copied into
// an image FROM scratch, tagged hangar:dev-<first 12 hex of the binary's
// sha256>. Nothing is pulled: scratch is not an image, and a tag already
// present in the engine is reused as it is.
//
// The binary is, in this order: the one given to EnsureBinary (a program
// that is itself a static hangar binary passes os.Executable(): no source
// tree or Go toolchain needed), $HANGAR_BINARY, or else `go build` of the
// current module (tests, go run). HANGAR_IMAGE names an image already in
// the engine and skips all of it.
package image
