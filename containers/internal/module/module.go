package module

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/internal/image"
)

// SessionLabel is put on every container the modules start, with Session
// as value, so a test process can tell its own containers from those of
// packages running beside it.
const SessionLabel = "org.hangarhq.hangar.session"

// Session identifies this process's containers.
var Session = newSession()

func newSession() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// DefaultStartupTimeout bounds the wait for the readiness path.
const DefaultStartupTimeout = time.Minute

// Spec is what a module starts.
type Spec struct {
	Name   string // "fakellm", "server": used in errors
	Port   string // container port, "8585/tcp" (published mode)
	Health string // readiness path served on the port
	// Cmd is the hangar subcommand and its fixed flags, given the address
	// the process must listen on.
	Cmd func(listen string) []string
	// HostNetwork runs the container in the host's network namespace: the
	// process listens on 127.0.0.1 at a free host port, nothing is
	// published, and it reaches everything on the host's loopback.
	HostNetwork bool
}

// Run starts the container: image ensured, Spec applied first, opts after
// (so they can add flags or override the wait). It returns the container
// (nil if it was never created) and the http://127.0.0.1:PORT base URL.
func Run(ctx context.Context, s Spec, opts ...testcontainers.ContainerCustomizer) (*testcontainers.DockerContainer, string, error) {
	img, err := image.Ensure(ctx, io.Discard)
	if err != nil {
		return nil, "", fmt.Errorf("run %s: %w", s.Name, err)
	}
	for attempt := 1; ; attempt++ {
		ctr, url, err := runOnce(ctx, s, img.Ref, opts)
		if err == nil || attempt == portAttempts || !portTaken(ctx, ctr, err) {
			return ctr, url, err
		}
		if ctr != nil {
			_ = ctr.Terminate(context.WithoutCancel(ctx))
		}
	}
}

// portAttempts bounds the starts Run makes when a port it picked was taken:
// FreePort closes its listener before the container binds the port, and
// another process (a parallel run's outgoing connection, say) can take it
// in between.
const portAttempts = 3

// portTaken reports whether a start failed because a port was taken: the
// engine says so when publishing, the program in its log when it binds in
// the host's network.
func portTaken(ctx context.Context, ctr *testcontainers.DockerContainer, err error) bool {
	if msg := err.Error(); strings.Contains(msg, "address already in use") || strings.Contains(msg, "port is already allocated") {
		return true
	}
	if ctr == nil {
		return false
	}
	rc, lerr := ctr.Logs(context.WithoutCancel(ctx))
	if lerr != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 64<<10))
	return strings.Contains(string(b), "address already in use")
}

func runOnce(ctx context.Context, s Spec, ref string, opts []testcontainers.ContainerCustomizer) (*testcontainers.DockerContainer, string, error) {
	hostPort, err := FreePort()
	if err != nil {
		return nil, "", fmt.Errorf("run %s: %w", s.Name, err)
	}
	url := "http://127.0.0.1:" + strconv.Itoa(hostPort)
	base := []testcontainers.ContainerCustomizer{
		testcontainers.WithWaitStrategy(HTTPReady{URL: url + s.Health, Timeout: DefaultStartupTimeout}),
		testcontainers.WithLabels(map[string]string{SessionLabel: Session}),
	}
	if s.HostNetwork {
		base = append(base, testcontainers.WithCmd(s.Cmd("127.0.0.1:"+strconv.Itoa(hostPort))...),
			testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) { hc.NetworkMode = "host" }))
	} else {
		base = append(base, testcontainers.WithCmd(s.Cmd("0.0.0.0:"+strings.TrimSuffix(s.Port, "/tcp"))...),
			testcontainers.WithExposedPorts(s.Port),
			testcontainers.WithHostConfigModifier(BindLoopback(s.Port, hostPort)))
	}
	ctr, err := testcontainers.Run(ctx, ref, append(base, opts...)...)
	if err != nil {
		return ctr, "", fmt.Errorf("run %s: %w", s.Name, err)
	}
	return ctr, url, nil
}

// FreePort asks the kernel for a free port on 127.0.0.1 and releases it for
// the engine to bind.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// BindLoopback publishes port on 127.0.0.1:hostPort only.
func BindLoopback(port string, hostPort int) func(*container.HostConfig) {
	return func(hc *container.HostConfig) {
		if hc.PortBindings == nil {
			hc.PortBindings = network.PortMap{}
		}
		hc.PortBindings[network.MustParsePort(port)] = []network.PortBinding{{
			HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: strconv.Itoa(hostPort),
		}}
	}
}
