// Package servercontainer runs hangar's reference ingest server in a
// container, as a testcontainers-go module:
//
//	nw, _ := network.New(ctx)
//	llm, _ := fakellmcontainer.Run(ctx, network.WithNetwork([]string{"llm"}, nw))
//	srv, err := servercontainer.Run(ctx,
//		servercontainer.WithLLM(fakellmcontainer.AliasURL("llm")+"/v1"),
//		servercontainer.WithDataVolume("hangar-data-1"),
//		servercontainer.WithDefects("no-llm-deadline"),
//		network.WithNetwork([]string{"server"}, nw))
//	// srv.URL()+"/api/v1/knowledge/documents" from the host
//
// The API port is published on 127.0.0.1 only, at a host port chosen at
// Run and kept across stop/start. The server's admin listener (/metrics,
// /debug/pprof) binds loopback inside the container by the server's own
// rule, so it is not reachable from the host: AdminURL is "" (the API port
// serves /health).
//
// The image is the one fakellmcontainer uses (built once per process).
// /tmp is a tmpfs (the image is FROM scratch and has no /tmp); the data
// directory is /data, a named volume with WithDataVolume, so a killed and
// restarted container, or a new one, finds its documents and rows.
package servercontainer
