// Package fakellmcontainer runs hangar's fake OpenAI-compatible LLM in a
// container, as a testcontainers-go module:
//
//	c, err := fakellmcontainer.Run(ctx,
//		fakellmcontainer.WithSeed(7),
//		fakellmcontainer.WithPlan(planYAML),
//		network.WithNetwork([]string{"llm"}, nw))
//	testcontainers.CleanupContainer(t, c)
//	// c.URL()+"/v1" from the host; fakellmcontainer.AliasURL("llm")+"/v1" from the network
//
// The image is FROM scratch with a static hangar binary in it (nothing is
// pulled): the one given to containers.EnsureImage (hangar run gives its
// own), else one built from the local source once per process; see
// HANGAR_IMAGE and HANGAR_BINARY in the package documentation of
// containers. The port is published on 127.0.0.1 only, at
// a host port chosen at Run and kept across stop/start, so URL stays valid.
//
// Ryuk cannot be pulled where no registry answers: set
// TESTCONTAINERS_RYUK_DISABLED=true and terminate containers yourself.
package fakellmcontainer
