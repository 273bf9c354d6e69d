package servercontainer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/internal/module"
	"github.com/hangarhq/hangar/server"
)

// Port is the API port inside the container.
const Port = "8000/tcp"

// DataDir is the server's data directory inside the container.
const DataDir = "/data"

// Container is a running reference server.
type Container struct {
	*testcontainers.DockerContainer
	url, admin string
}

// Run starts the server with its API port published on 127.0.0.1 and
// waits until /health on it answers 200. Without WithLLM the server calls
// http://127.0.0.1:8585/v1, which is nothing inside the container: uploads
// then fail as they would with the LLM down.
func Run(ctx context.Context, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	return run(ctx, false, "127.0.0.1:8001", opts)
}

// RunOnHost starts the server in the host's network namespace: it listens
// on 127.0.0.1 (API and admin, each at a free port), reaches an LLM on the
// host's loopback (an in-process fakellm, say), and AdminURL works. Network
// aliases do not apply; pause, kill, restart and resource limits do.
func RunOnHost(ctx context.Context, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	return run(ctx, true, "", opts)
}

// run starts the server; with host, admin "" picks a free admin port for
// each start (module.Run starts again when a port it was given was taken).
func run(ctx context.Context, host bool, admin string, opts []testcontainers.ContainerCustomizer) (*Container, error) {
	base := []testcontainers.ContainerCustomizer{
		testcontainers.WithTmpfs(map[string]string{"/tmp": "rw,size=64m"}),
	}
	var portErr error
	ctr, url, err := module.Run(ctx, module.Spec{
		Name: "server", Port: Port, Health: "/health", HostNetwork: host,
		Cmd: func(listen string) []string {
			if host {
				port, err := module.FreePort()
				portErr = err // this start's: a retry picks again
				admin = "127.0.0.1:" + strconv.Itoa(port)
			}
			return []string{"server", "--addr", listen, "--admin-addr", admin, "--data", DataDir}
		},
	}, append(base, opts...)...)
	if portErr != nil {
		// No admin port: the server would serve none, and metrics and
		// pprof would go missing without a word.
		if ctr != nil {
			_ = ctr.Terminate(context.WithoutCancel(ctx))
		}
		return nil, errors.Join(fmt.Errorf("run server: admin port: %w", portErr), err)
	}
	var c *Container
	if ctr != nil {
		c = &Container{DockerContainer: ctr, url: url}
		if host {
			c.admin = "http://" + admin
		}
	}
	return c, err
}

// URL is the API base URL from the host, http://127.0.0.1:PORT.
func (c *Container) URL() string { return c.url }

// AdminURL is the admin base URL (/metrics, /debug/pprof) with RunOnHost,
// "" with Run: the server binds its admin listener to loopback only, which
// inside its own network namespace nobody outside reaches.
func (c *Container) AdminURL() string { return c.admin }

// WithLLM sets the OpenAI base URL (…/v1) for chat and embeddings.
func WithLLM(baseURL string) testcontainers.CustomizeRequestOption {
	return testcontainers.WithCmdArgs("--llm-base-url", baseURL)
}

// WithDefects switches defects on; unknown names are an error from Run.
func WithDefects(names ...string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		known := server.DefectNames()
		for _, n := range names {
			if !slices.Contains(known, n) {
				return fmt.Errorf("server defect %q: not one of %s", n, strings.Join(known, ", "))
			}
		}
		if len(names) > 0 {
			req.Cmd = append(req.Cmd, "--defects", strings.Join(names, ","))
		}
		return nil
	}
}

// WithDataVolume mounts the named volume (created by the engine if absent)
// as the data directory. The volume outlives the container: remove it with
// testcontainers.RemoveVolumes(name) at Terminate, or yourself.
func WithDataVolume(name string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if name == "" {
			return errors.New("server data volume: empty name")
		}
		req.Mounts = append(req.Mounts, testcontainers.VolumeMount(name, DataDir))
		return nil
	}
}

// WithArgs appends `hangar server` flags (see `hangar server -h`).
func WithArgs(args ...string) testcontainers.CustomizeRequestOption {
	return testcontainers.WithCmdArgs(args...)
}

// WithDataDir bind-mounts a host directory as the data directory (files
// are written as the container's user, root).
func WithDataDir(dir string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if !filepath.IsAbs(dir) {
			return fmt.Errorf("server data dir %q: must be an absolute path", dir)
		}
		return testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) {
			hc.Mounts = append(hc.Mounts, mount.Mount{Type: mount.TypeBind, Source: dir, Target: DataDir})
		})(req)
	}
}

// WithResources limits the container to cpus CPUs (0.25 is a quarter of
// one) and memory bytes; zero leaves a limit unset.
func WithResources(cpus float64, memory int64) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if cpus < 0 || memory < 0 {
			return fmt.Errorf("server resources: cpus %v and memory %d must not be negative", cpus, memory)
		}
		return testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) {
			hc.NanoCPUs = int64(cpus * 1e9)
			hc.Memory = memory
		})(req)
	}
}
