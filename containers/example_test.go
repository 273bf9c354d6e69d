package containers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"

	"github.com/hangarhq/hangar/containers/containerstest"
	"github.com/hangarhq/hangar/containers/fakellmcontainer"
	"github.com/hangarhq/hangar/containers/servercontainer"
)

// testTimeout bounds each test, image build included.
const testTimeout = 5 * time.Minute

func TestFakeLLMFromTheHost(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	llm, err := fakellmcontainer.Run(ctx, fakellmcontainer.WithSeed(7),
		fakellmcontainer.WithModels("chat-a", "embed-b"))
	testcontainers.CleanupContainer(t, llm)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(llm.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL() = %q, want a 127.0.0.1 URL", llm.URL())
	}
	var health struct{ Status string }
	containerstest.GetJSON(t, llm.URL()+"/health", &health)
	if health.Status != "ok" {
		t.Errorf("/health status = %q, want ok", health.Status)
	}
	var models struct {
		Data []struct{ ID string }
	}
	containerstest.GetJSON(t, llm.URL()+"/v1/models", &models)
	var ids []string
	for _, m := range models.Data {
		ids = append(ids, m.ID)
	}
	if got := strings.Join(ids, ","); got != "chat-a,embed-b" {
		t.Errorf("/v1/models ids = %q, want chat-a,embed-b (the --model flags)", got)
	}
}

func TestServerReachesFakeLLMByAlias(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	nw, err := network.New(ctx, network.WithLabels(containerstest.Labels()))
	testcontainers.CleanupNetwork(t, nw)
	if err != nil {
		t.Fatal(err)
	}
	llm, err := fakellmcontainer.Run(ctx, network.WithNetwork([]string{"llm"}, nw))
	testcontainers.CleanupContainer(t, llm)
	if err != nil {
		t.Fatal(err)
	}
	volume := containerstest.VolumeName(t)
	srv, err := servercontainer.Run(ctx,
		servercontainer.WithLLM(fakellmcontainer.AliasURL("llm")+"/v1"),
		servercontainer.WithDataVolume(volume),
		servercontainer.WithArgs("--cascade-poll-interval", "100ms"),
		network.WithNetwork([]string{"server"}, nw))
	testcontainers.CleanupContainer(t, srv, testcontainers.RemoveVolumes(volume))
	if err != nil {
		t.Fatal(err)
	}
	id := containerstest.Upload(t, srv.URL(), "alias.md", "# Containers\n\nThe server reaches the fake LLM by its network alias.\n")
	doc := containerstest.WaitStatus(t, ctx, srv.URL(), id, "indexed")
	if doc.TopicCount < 1 {
		t.Errorf("topic_count = %d, want >= 1 (topics come from the fake LLM)", doc.TopicCount)
	}
	var journal []struct{ Endpoint string }
	containerstest.GetJSON(t, llm.URL()+"/admin/journal", &journal)
	seen := map[string]int{}
	for _, e := range journal {
		seen[e.Endpoint]++
	}
	if seen["chat"] == 0 || seen["embeddings"] == 0 {
		t.Errorf("fake LLM journal endpoints = %v, want chat and embeddings calls from the server", seen)
	}
}

func TestBadOptionsStartNothing(t *testing.T) {
	containerstest.RequireEngine(t)
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	tests := []struct {
		name string
		run  func() (testcontainers.Container, error)
		want string
	}{
		{"bad plan", func() (testcontainers.Container, error) {
			c, err := fakellmcontainer.Run(ctx, fakellmcontainer.WithPlan([]byte("rules:\n  - bogus: 1\n")))
			return nilIfNil(c), err
		}, "2:5: rules[0]"},
		{"unknown defect", func() (testcontainers.Container, error) {
			c, err := servercontainer.Run(ctx, servercontainer.WithDefects("no-such-defect"))
			return nilIfNil(c), err
		}, `server defect "no-such-defect"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.run()
			testcontainers.CleanupContainer(t, c)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if c != nil {
				t.Errorf("a container was created for a bad option: %v", c.GetContainerID())
			}
		})
	}
}

// nilIfNil keeps a nil module pointer a nil interface.
func nilIfNil[T any, P interface {
	*T
	testcontainers.Container
}](c P) testcontainers.Container {
	if c == nil {
		return nil
	}
	return c
}
