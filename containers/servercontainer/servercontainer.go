package servercontainer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

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
	url string
}

// Run starts the server and waits until /health on the API port answers
// 200. Without WithLLM the server calls http://127.0.0.1:8585/v1, which is
// nothing inside the container: uploads then fail as they would with the LLM
// down.
func Run(ctx context.Context, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	base := []testcontainers.ContainerCustomizer{
		testcontainers.WithTmpfs(map[string]string{"/tmp": "rw,size=64m"}),
	}
	ctr, url, err := module.Run(ctx, module.Spec{
		Name: "server", Port: Port, Health: "/health",
		Cmd: []string{"server", "--addr", "0.0.0.0:" + strings.TrimSuffix(Port, "/tcp"),
			"--admin-addr", "127.0.0.1:8001", "--data", DataDir},
	}, append(base, opts...)...)
	var c *Container
	if ctr != nil {
		c = &Container{DockerContainer: ctr, url: url}
	}
	return c, err
}

// URL is the API base URL from the host, http://127.0.0.1:PORT.
func (c *Container) URL() string { return c.url }

// AdminURL is "": the admin listener is loopback-only inside the container.
func (c *Container) AdminURL() string { return "" }

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
