package image

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"

	"github.com/containerd/errdefs"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// Repo is the repository part of every image this package builds.
const Repo = "hangar"

// Label marks images built here, so Prune finds only its own.
const Label = "org.hangarhq.hangar.dev-image"

// Package is the import path of the binary put in the image.
const Package = "github.com/hangarhq/hangar/cmd/hangar"

// Dockerfile is the whole build recipe: no base image, nothing to pull.
const Dockerfile = "FROM scratch\nCOPY hangar /hangar\nENTRYPOINT [\"/hangar\"]\n"

// Image is a hangar image present in the engine.
type Image struct {
	Ref string // repo:tag, usable as ContainerRequest.Image
	// Built is true when this process built it (it was not there before).
	Built bool
}

var (
	mu     sync.Mutex // guards cached; held across a build so it runs once
	cached *Image
)

// Ensure returns the hangar image, building it the first time it is asked
// for in this process (from $HANGAR_BINARY, or `go build`), or the image
// EnsureBinary last returned. A failure is not cached: the next call tries
// again.
func Ensure(ctx context.Context, logw io.Writer) (Image, error) {
	return ensureCached(ctx, "", logw)
}

// EnsureBinary returns the image of the static linux binary bin (tagged by
// its hash), building it when the engine does not have it, and makes it
// the image Ensure returns from now on: the modules run the binary given
// here, and nothing is compiled. HANGAR_IMAGE, when set, still wins.
func EnsureBinary(ctx context.Context, bin string, logw io.Writer) (Image, error) {
	if bin == "" {
		return Image{}, errors.New("hangar image: no binary given")
	}
	return ensureCached(ctx, bin, logw)
}

func ensureCached(ctx context.Context, bin string, logw io.Writer) (Image, error) {
	mu.Lock()
	defer mu.Unlock()
	if cached != nil && (bin == "" || os.Getenv("HANGAR_IMAGE") != "" || cached.Ref == refOf(bin)) {
		return *cached, nil
	}
	img, err := ensure(ctx, bin, logw)
	if err != nil {
		return Image{}, err
	}
	cached = &img
	return img, nil
}

func ensure(ctx context.Context, bin string, logw io.Writer) (Image, error) {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return Image{}, fmt.Errorf("hangar image: docker engine: %w", err)
	}
	defer cli.Close()
	if ref := os.Getenv("HANGAR_IMAGE"); ref != "" {
		if _, err := cli.ImageInspect(ctx, ref); err != nil {
			return Image{}, fmt.Errorf("hangar image: HANGAR_IMAGE=%s: %w", ref, err)
		}
		return Image{Ref: ref}, nil
	}
	unlock, err := lockBuild(ctx)
	if err != nil {
		return Image{}, err
	}
	defer unlock()
	dir, err := os.MkdirTemp("", "hangar-image-")
	if err != nil {
		return Image{}, fmt.Errorf("hangar image: %w", err)
	}
	defer os.RemoveAll(dir)
	dst := filepath.Join(dir, "hangar")
	if err := binary(ctx, dst, bin, logw); err != nil {
		return Image{}, err
	}
	tag, err := tagOf(dst)
	if err != nil {
		return Image{}, err
	}
	ref := Repo + ":" + tag
	if _, err := cli.ImageInspect(ctx, ref); err == nil {
		return Image{Ref: ref}, nil
	} else if !errdefs.IsNotFound(err) {
		return Image{}, fmt.Errorf("hangar image: inspect %s: %w", ref, err)
	}
	if err := build(ctx, dir, tag, logw); err != nil {
		return Image{}, err
	}
	prune(ctx, cli, ref)
	return Image{Ref: ref, Built: true}, nil
}

// binary puts a static linux hangar binary at dst: a copy of bin, or of
// $HANGAR_BINARY when bin is empty, or else goBuild's.
func binary(ctx context.Context, dst, bin string, logw io.Writer) error {
	src, what := bin, "binary"
	if src == "" {
		src, what = os.Getenv("HANGAR_BINARY"), "HANGAR_BINARY"
	}
	if src != "" {
		if err := copyFile(dst, src); err != nil {
			return fmt.Errorf("hangar image: %s: %w", what, err)
		}
		return nil
	}
	return goBuild(ctx, dst, logw)
}

// goBuild compiles Package from the current module (which is hangar itself
// or a module that requires it) to dst: the path of last resort, for a
// process that is not a static hangar binary (tests, go run). -buildvcs=false
// keeps the binary, so the tag, the same across commits that do not change
// the code. A test seam.
var goBuild = func(ctx context.Context, dst string, logw io.Writer) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-o", dst, Package)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	cmd.Stdout, cmd.Stderr = logw, logw
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hangar image: go build %s: %w", Package, err)
	}
	return nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// tagOf is "dev-" and the first 12 hex digits of the file's sha256: the
// same binary always gets the same tag, a changed one a new tag.
func tagOf(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("hangar image: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hangar image: hash binary: %w", err)
	}
	return "dev-" + hex.EncodeToString(h.Sum(nil))[:12], nil
}

// refOf is the reference the image of bin gets; "" when bin cannot be read.
func refOf(bin string) string {
	tag, err := tagOf(bin)
	if err != nil {
		return ""
	}
	return Repo + ":" + tag
}

// build writes the Dockerfile next to the binary and has testcontainers
// build the directory as the context, tagged Repo:tag.
func build(ctx context.Context, dir, tag string, logw io.Writer) error {
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(Dockerfile), 0o644); err != nil {
		return fmt.Errorf("hangar image: %w", err)
	}
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return fmt.Errorf("hangar image: docker provider: %w", err)
	}
	defer p.Close()
	req := &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		Context: dir, Repo: Repo, Tag: tag, KeepImage: true, BuildLogWriter: logw,
		BuildOptionsModifier: func(o *client.ImageBuildOptions) {
			o.Labels = map[string]string{Label: "true"}
		},
	}}
	if _, err := p.BuildImage(ctx, req); err != nil {
		return fmt.Errorf("hangar image: build %s:%s: %w", Repo, tag, err)
	}
	return nil
}

// Remove deletes the image ref (and its untagged layers). A missing image
// is not an error.
func Remove(ctx context.Context, ref string) error {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("hangar image: docker engine: %w", err)
	}
	defer cli.Close()
	_, err = cli.ImageRemove(ctx, ref, client.ImageRemoveOptions{PruneChildren: true})
	if err != nil && !errdefs.IsNotFound(err) {
		return fmt.Errorf("hangar image: remove %s: %w", ref, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if cached != nil && cached.Ref == ref {
		cached = nil
	}
	return nil
}

// Cached returns the image Ensure returned in this process, if any.
func Cached() (Image, bool) {
	mu.Lock()
	defer mu.Unlock()
	if cached == nil {
		return Image{}, false
	}
	return *cached, true
}

// prune removes the other images built here (older binaries), so the
// engine keeps one hangar dev image. One still used by a container is
// left (the engine refuses), as is any error: pruning is housekeeping.
func prune(ctx context.Context, cli *testcontainers.DockerClient, keep string) {
	list, err := cli.ImageList(ctx, client.ImageListOptions{Filters: make(client.Filters).Add("label", Label)})
	if err != nil {
		return
	}
	for _, img := range list.Items {
		if slices.Contains(img.RepoTags, keep) {
			continue
		}
		for _, t := range img.RepoTags {
			_, _ = cli.ImageRemove(ctx, t, client.ImageRemoveOptions{PruneChildren: true})
		}
	}
}
