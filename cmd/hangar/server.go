package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"

	"github.com/hangarhq/hangar/server"
	"github.com/hangarhq/hangar/server/store"
)

func init() {
	register(command{name: "server", summary: "reference ingest server (EverOS knowledge API) with switchable defects", run: runServer})
}

const serverSynopsis = "[--addr HOST:PORT] [--admin-addr HOST:PORT] [--data DIR] [--vector-store NAME] [--llm-base-url URL] [--defects a,b] [flags]\n\n" +
	"Every flag can also be set as HANGAR_<FLAG> in the environment (e.g. HANGAR_LLM_BASE_URL); a flag on the command line wins."

func runServer(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, logLevel, err := serverConfig(args, os.LookupEnv, stderr)
	if err != nil {
		return err
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel}))
	srv, err := server.New(cfg)
	if err != nil {
		return usageError(err)
	}
	if err := srv.Start(ctx); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	fmt.Fprintf(stdout, "hangar server listening api=%s admin=%s\n", srv.URL(), srv.AdminURL())
	<-ctx.Done()
	cfg.Logger.Info("shutting down", "deadline", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// serverConfig builds the server config from defaults, then HANGAR_* env,
// then flags (flags win). Bad values are usage errors.
func serverConfig(args []string, lookupEnv func(string) (string, bool), stderr io.Writer) (server.Config, slog.Level, error) {
	cfg := server.DefaultConfig()
	fs := newFlagSet("server", serverSynopsis, stderr)
	defects := bindServerFlags(fs, &cfg)
	level := slog.LevelInfo
	fs.TextVar(&level, "log-level", level, "log level: debug, info, warn, error")
	if err := applyEnv(fs, lookupEnv); err != nil {
		return cfg, level, usageError(err)
	}
	if err := parseFlags(fs, args); err != nil {
		return cfg, level, err
	}
	if fs.NArg() > 0 {
		return cfg, level, usageError(fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	names, err := server.ParseDefects(*defects)
	if err != nil {
		return cfg, level, usageError(err)
	}
	cfg.Defects = names
	cfg.Cascade.WatchdogInterval = cfg.Cascade.Lease / 4 // follows --cascade-lease
	if err := cfg.Validate(); err != nil {
		return cfg, level, usageError(err)
	}
	return cfg, level, nil
}

func bindServerFlags(fs *flag.FlagSet, c *server.Config) *string {
	fs.StringVar(&c.Addr, "addr", c.Addr, "API listen address (port 0 picks a free port)")
	fs.StringVar(&c.AdminAddr, "admin-addr", c.AdminAddr, "admin listen address (/health /ready /metrics /debug/pprof); loopback only")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory (documents, markdown, SQLite database)")
	fs.StringVar(&c.Store, "vector-store", c.Store, storeHelp(store.VectorBackends()))
	fs.StringVar(&c.Store, "store", c.Store, "alias of --vector-store (its old name)")
	fs.StringVar(&c.LLMBaseURL, "llm-base-url", c.LLMBaseURL, "OpenAI-compatible base URL for chat")
	fs.StringVar(&c.EmbedBaseURL, "embed-base-url", c.EmbedBaseURL, "base URL for embeddings (default: --llm-base-url)")
	fs.StringVar(&c.LLMModel, "llm-model", c.LLMModel, "chat model name")
	fs.StringVar(&c.EmbedModel, "embed-model", c.EmbedModel, "embedding model name")
	fs.StringVar(&c.APIKey, "api-key", c.APIKey, "bearer token sent to the LLM (prefer HANGAR_API_KEY)")
	defects := fs.String("defects", "", "comma-separated defects to switch on: "+strings.Join(server.DefectNames(), ", "))
	fs.DurationVar(&c.RequestBudget, "request-budget", c.RequestBudget, "total time an upload or search may take (504 after)")
	fs.Int64Var(&c.MaxUploadBytes, "max-upload-bytes", c.MaxUploadBytes, "largest accepted request body (413 above)")
	fs.IntVar(&c.MaxConcurrentUploads, "max-concurrent-uploads", c.MaxConcurrentUploads, "uploads processed at once")
	fs.DurationVar(&c.UploadQueueWait, "upload-queue-wait", c.UploadQueueWait, "longest wait for an upload slot before 503")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", c.ReadHeaderTimeout, "time a client has to send request headers")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", c.ReadTimeout, "time a client has to send a whole request")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "drain deadline on SIGTERM")
	fs.IntVar(&c.StoreQueueSize, "store-queue", c.StoreQueueSize, "store writer queue bound (0: default); full is 503")
	bindLLMFlags(fs, c)
	bindCascadeFlags(fs, c)
	return defects
}

// storeHelp lists the vector backends this binary has; LanceDB is there
// only in a build with -tags lancedb.
func storeHelp(have []string) string {
	help := "vector store backend: " + strings.Join(have, ", ")
	if !slices.Contains(have, "lancedb") {
		help += " (lancedb needs a build with -tags lancedb)"
	}
	return help
}

func bindLLMFlags(fs *flag.FlagSet, c *server.Config) {
	l := &c.LLM
	fs.DurationVar(&l.AttemptTimeout, "llm-attempt-timeout", l.AttemptTimeout, "deadline of one LLM HTTP attempt")
	fs.DurationVar(&l.CallBudget, "llm-call-budget", l.CallBudget, "deadline of one LLM call with its retries")
	fs.IntVar(&l.MaxAttempts, "llm-max-attempts", l.MaxAttempts, "attempts per LLM call")
	fs.DurationVar(&l.BackoffBase, "llm-backoff-base", l.BackoffBase, "first retry backoff (doubles, with jitter)")
	fs.DurationVar(&l.BackoffMax, "llm-backoff-max", l.BackoffMax, "largest retry backoff")
	fs.DurationVar(&l.RetryAfterMax, "llm-retry-after-max", l.RetryAfterMax, "cap on an honoured Retry-After")
	fs.IntVar(&l.RequestPoolSize, "llm-request-pool", l.RequestPoolSize, "concurrent request-path LLM attempts")
	fs.IntVar(&l.BackgroundPoolSize, "llm-background-pool", l.BackgroundPoolSize, "concurrent background (embedding) LLM attempts")
	fs.DurationVar(&l.PoolWait, "llm-pool-wait", l.PoolWait, "longest wait for an LLM slot")
	fs.UintVar(&l.BreakerFailures, "llm-breaker-failures", l.BreakerFailures, "consecutive failures that open the circuit breaker")
	fs.DurationVar(&l.BreakerDelay, "llm-breaker-delay", l.BreakerDelay, "open breaker's wait before a probe")
}

func bindCascadeFlags(fs *flag.FlagSet, c *server.Config) {
	k := &c.Cascade
	fs.IntVar(&k.Workers, "cascade-workers", k.Workers, "documents indexed concurrently")
	fs.IntVar(&k.BatchSize, "cascade-batch-size", k.BatchSize, "rows claimed at once (batch-barrier defect)")
	fs.DurationVar(&k.Lease, "cascade-lease", k.Lease, "claim lease; must exceed embed + store timeouts")
	fs.DurationVar(&k.EmbedTimeout, "cascade-embed-timeout", k.EmbedTimeout, "deadline of one embedding call")
	fs.DurationVar(&k.StoreTimeout, "cascade-store-timeout", k.StoreTimeout, "deadline of one cascade store write")
	fs.DurationVar(&k.PollInterval, "cascade-poll-interval", k.PollInterval, "claim poll interval when idle")
	fs.IntVar(&k.MaxAttempts, "cascade-max-attempts", k.MaxAttempts, "indexing attempts before a document is failed")
}

// applyEnv sets every flag that has a HANGAR_<NAME> variable (dashes become
// underscores). It runs before parsing, so command-line flags win.
func applyEnv(fs *flag.FlagSet, lookupEnv func(string) (string, bool)) error {
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		key := "HANGAR_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := lookupEnv(key); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", key, v, err))
			}
		}
	})
	return errors.Join(errs...)
}
