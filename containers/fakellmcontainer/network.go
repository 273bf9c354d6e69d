package fakellmcontainer

import (
	"context"
	"fmt"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"

	"github.com/hangarhq/hangar/containers/internal/module"
)

// NewNetwork creates a user-defined bridge network labelled like the
// modules' containers (so a clean-up check finds it as this process's).
// Remove it with Remove(ctx) once every container left it.
func NewNetwork(ctx context.Context) (*testcontainers.DockerNetwork, error) {
	nw, err := network.New(ctx, network.WithLabels(map[string]string{module.SessionLabel: module.Session}))
	if err != nil {
		return nil, fmt.Errorf("fakellm network: %w", err)
	}
	return nw, nil
}
