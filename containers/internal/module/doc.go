// Package module is what the fakellm and server container modules share:
// the image (built once per process by package image), the command, one
// container port published on 127.0.0.1 only at a host port chosen at Run
// and kept across stop/start and restart (so a URL stays valid), and an
// HTTP readiness wait.
package module
