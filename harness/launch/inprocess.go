package launch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/hangarhq/hangar/server"
)

// InprocessCaps are the capabilities of launch: inprocess.
var InprocessCaps = Caps{
	Actions: []Action{Kill, Restart},
	Accepts: Accepts{Defects: true, DataDir: true},
	Leaks:   LeakGoleak,
	Virtual: true,
}

func init() { Register("inprocess", Func{C: InprocessCaps, F: launchInprocess}) }

// inprocess runs server.Server in the harness process. kill closes it
// abruptly (Shutdown with an expired context); restart starts a new one on
// the same ports and data dir. Pause is impossible in-process.
type inprocess struct {
	spec Spec
	cfg  server.Config

	mu  sync.Mutex // guards srv, api, admin
	srv *server.Server
	api string
	adm string
}

func launchInprocess(ctx context.Context, s Spec) (Target, error) {
	cfg := server.DefaultConfig()
	cfg.Addr, cfg.AdminAddr = "127.0.0.1:0", "127.0.0.1:0"
	cfg.DataDir, cfg.LLMBaseURL, cfg.Defects = s.DataDir, s.LLMBaseURL, s.Defects
	cfg.Logger = s.Logger
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	t := &inprocess{spec: s, cfg: cfg}
	if err := t.start(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *inprocess) start(ctx context.Context) error {
	srv, err := server.New(t.cfg)
	if err != nil {
		return fmt.Errorf("launch inprocess: %w", err)
	}
	if err := srv.Start(ctx); err != nil {
		return fmt.Errorf("launch inprocess: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.srv, t.api, t.adm = srv, srv.URL(), srv.AdminURL()
	// Later starts reuse the ports so URLs stay valid.
	t.cfg.Addr, t.cfg.AdminAddr = hostPort(t.api), hostPort(t.adm)
	return nil
}

func (t *inprocess) URL() string      { t.mu.Lock(); defer t.mu.Unlock(); return t.api }
func (t *inprocess) AdminURL() string { t.mu.Lock(); defer t.mu.Unlock(); return t.adm }

func (t *inprocess) Do(ctx context.Context, a Action) error {
	switch a {
	case Kill:
		return t.stop(expired())
	case Restart:
		if err := t.stop(ctx); err != nil {
			return err
		}
		return t.start(ctx)
	default:
		return fmt.Errorf("%s in-process: %w (use launch: subprocess or process)", a, ErrUnsupported)
	}
}

// expired is a context that is already done: Shutdown then drains nothing.
func expired() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func (t *inprocess) stop(ctx context.Context) error {
	t.mu.Lock()
	srv := t.srv
	t.srv = nil
	t.mu.Unlock()
	if srv == nil {
		return nil
	}
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("stop inprocess server: %w", err)
	}
	return nil
}

func (t *inprocess) Close(ctx context.Context) error { return t.stop(ctx) }
