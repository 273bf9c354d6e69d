// Package image builds the hangar container image from the local source,
// once per process: a static binary (CGO_ENABLED=0, GOOS=linux) copied into
// an image FROM scratch, tagged hangar:dev-<first 12 hex of the binary's
// sha256>. Nothing is pulled: scratch is not an image, and a tag already
// present in the engine is reused as it is.
//
// Two environment variables skip work: HANGAR_IMAGE names an image that is
// already in the engine (CI builds it once for every package), and
// HANGAR_BINARY names a static linux binary to put in the image instead of
// running `go build`.
package image
