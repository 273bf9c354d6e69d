package servercontainer

import (
	"context"

	"github.com/hangarhq/hangar/containers/internal/module"
)

// Pause freezes the server (docker pause): connections stay open, nothing
// answers, not even /health.
func (c *Container) Pause(ctx context.Context) error { return module.Pause(ctx, c.GetContainerID()) }

// Unpause thaws it.
func (c *Container) Unpause(ctx context.Context) error {
	return module.Unpause(ctx, c.GetContainerID())
}

// Kill sends SIGKILL; Start runs it again on the same data volume or
// directory, at the same URLs.
func (c *Container) Kill(ctx context.Context) error { return module.Kill(ctx, c.GetContainerID()) }

// Disconnect cuts the server off a user-defined network.
func (c *Container) Disconnect(ctx context.Context, networkName string) error {
	return module.Disconnect(ctx, c.GetContainerID(), networkName)
}

// Connect attaches it again with aliases.
func (c *Container) Connect(ctx context.Context, networkName string, aliases ...string) error {
	return module.Connect(ctx, c.GetContainerID(), networkName, aliases...)
}
