package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/hangarhq/hangar/server"
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
	finish := server.BindFlags(fs, &cfg)
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
	if err := finish(); err != nil {
		return cfg, level, usageError(err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, level, usageError(err)
	}
	return cfg, level, nil
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
