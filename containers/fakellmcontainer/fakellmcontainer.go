package fakellmcontainer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/internal/module"
	"github.com/hangarhq/hangar/fakellm"
)

// Port is the fake LLM's port inside the container.
const Port = "8585/tcp"

// PlanPath is where WithPlan puts the plan in the container.
const PlanPath = "/etc/hangar/plan.yaml"

// Container is a running fake LLM.
type Container struct {
	*testcontainers.DockerContainer
	url string
}

// Run starts the fake LLM and waits until /health answers 200.
func Run(ctx context.Context, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	ctr, url, err := module.Run(ctx, module.Spec{
		Name: "fakellm", Port: Port, Health: "/health",
		Cmd: func(listen string) []string { return []string{"fakellm", "--addr", listen} },
	}, opts...)
	var c *Container
	if ctr != nil {
		c = &Container{DockerContainer: ctr, url: url}
	}
	return c, err
}

// URL is the base URL from the host, http://127.0.0.1:PORT; the OpenAI
// base URL is URL()+"/v1", the admin API is under URL()+"/admin".
func (c *Container) URL() string { return c.url }

// AdminURL is URL: the fake LLM serves /admin, /health and /metrics on its
// one port.
func (c *Container) AdminURL() string { return c.url }

// AliasURL is the base URL other containers on a user-defined network use
// to reach a fake LLM started with that network alias.
func AliasURL(alias string) string {
	return "http://" + alias + ":" + strings.TrimSuffix(Port, "/tcp")
}

// WithSeed sets the seed of generated content and plan draws.
func WithSeed(seed int64) testcontainers.CustomizeRequestOption {
	return testcontainers.WithCmdArgs("--seed", strconv.FormatInt(seed, 10))
}

// WithModels restricts the served model names.
func WithModels(names ...string) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		for _, n := range names {
			if n == "" {
				return errors.New("fakellm: empty model name")
			}
			req.Cmd = append(req.Cmd, "--model", n)
		}
		return nil
	}
}

// WithEmbeddingDim sets the default embedding size.
func WithEmbeddingDim(n int) testcontainers.CustomizeRequestOption {
	return testcontainers.WithCmdArgs("--embedding-dim", strconv.Itoa(n))
}

// WithPlan starts the fake LLM with a fault plan (YAML or JSON). The plan
// is parsed here first, so a bad plan is an error from Run with its line,
// not a container that fails to start.
func WithPlan(plan []byte) testcontainers.CustomizeRequestOption {
	return func(req *testcontainers.GenericContainerRequest) error {
		if _, err := fakellm.ParsePlan(plan); err != nil {
			return fmt.Errorf("fakellm plan: %w", err)
		}
		req.Files = append(req.Files, testcontainers.ContainerFile{
			Reader: strings.NewReader(string(plan)), ContainerFilePath: PlanPath, FileMode: 0o644,
		})
		req.Cmd = append(req.Cmd, "--plan", PlanPath)
		return nil
	}
}
