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
// With Run the API port is published on 127.0.0.1 only, at a host port
// chosen at Run and kept across stop/start. The server's admin listener
// (/metrics, /debug/pprof) binds loopback by the server's own rule, which
// inside the container's network namespace nobody outside reaches: AdminURL
// is "" (the API port serves /health). RunOnHost runs the container in the
// host's network namespace instead: both listeners on 127.0.0.1, AdminURL
// set, and an LLM on the host's loopback (an in-process fakellm) reachable.
//
// Faults: Pause/Unpause (docker pause), Kill then Start (same container,
// same data, same URL), Disconnect/Connect (user-defined networks),
// WithResources (CPU and memory limits).
//
// The image is the one fakellmcontainer uses (built once per process).
// /tmp is a tmpfs (the image is FROM scratch and has no /tmp); the data
// directory is /data, a named volume with WithDataVolume, so a killed and
// restarted container, or a new one, finds its documents and rows.
package servercontainer
