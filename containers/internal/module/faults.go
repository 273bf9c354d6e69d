package module

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// Faults are the container-level faults both modules offer, by container id.
// Each opens and closes its own engine connection.

// Pause freezes every process of the container (cgroup freezer): sockets
// stay open, nothing answers.
func Pause(ctx context.Context, id string) error {
	return withClient(ctx, "pause", func(cli *testcontainers.DockerClient) error {
		_, err := cli.ContainerPause(ctx, id, client.ContainerPauseOptions{})
		return err
	})
}

// Unpause thaws a paused container.
func Unpause(ctx context.Context, id string) error {
	return withClient(ctx, "unpause", func(cli *testcontainers.DockerClient) error {
		_, err := cli.ContainerUnpause(ctx, id, client.ContainerUnpauseOptions{})
		return err
	})
}

// Kill sends SIGKILL: no graceful shutdown, the container stays (stopped)
// with its volumes, ready to be started again.
func Kill(ctx context.Context, id string) error {
	return withClient(ctx, "kill", func(cli *testcontainers.DockerClient) error {
		_, err := cli.ContainerKill(ctx, id, client.ContainerKillOptions{Signal: "KILL"})
		return err
	})
}

// Disconnect cuts the container off a network (a partition).
func Disconnect(ctx context.Context, id, networkName string) error {
	return withClient(ctx, "disconnect", func(cli *testcontainers.DockerClient) error {
		_, err := cli.NetworkDisconnect(ctx, networkName, client.NetworkDisconnectOptions{Container: id, Force: true})
		return err
	})
}

// Connect attaches the container to a network again, with its aliases.
func Connect(ctx context.Context, id, networkName string, aliases ...string) error {
	return withClient(ctx, "connect", func(cli *testcontainers.DockerClient) error {
		_, err := cli.NetworkConnect(ctx, networkName, client.NetworkConnectOptions{
			Container: id, EndpointConfig: &network.EndpointSettings{Aliases: aliases},
		})
		return err
	})
}

func withClient(ctx context.Context, op string, f func(*testcontainers.DockerClient) error) error {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("%s: docker engine: %w", op, err)
	}
	defer cli.Close()
	if err := f(cli); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
