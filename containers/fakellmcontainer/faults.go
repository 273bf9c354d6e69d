package fakellmcontainer

import (
	"context"

	"github.com/hangarhq/hangar/containers/internal/module"
)

// Pause freezes the fake LLM (docker pause): connections stay open, nothing
// answers, not even /health: an LLM that went silent.
func (c *Container) Pause(ctx context.Context) error { return module.Pause(ctx, c.GetContainerID()) }

// Unpause thaws it.
func (c *Container) Unpause(ctx context.Context) error {
	return module.Unpause(ctx, c.GetContainerID())
}

// Kill sends SIGKILL; Start runs it again at the same URL.
func (c *Container) Kill(ctx context.Context) error { return module.Kill(ctx, c.GetContainerID()) }

// Disconnect cuts the fake LLM off a user-defined network.
func (c *Container) Disconnect(ctx context.Context, networkName string) error {
	return module.Disconnect(ctx, c.GetContainerID(), networkName)
}

// Connect attaches it again with aliases.
func (c *Container) Connect(ctx context.Context, networkName string, aliases ...string) error {
	return module.Connect(ctx, c.GetContainerID(), networkName, aliases...)
}
