package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/hangarhq/hangar/server/cascade"
	"github.com/hangarhq/hangar/server/ingest"
	"github.com/hangarhq/hangar/server/llm"
	"github.com/hangarhq/hangar/server/store"
	"github.com/prometheus/client_golang/prometheus"
)

// cancelGrace is how long cancelled requests get to write their answer
// after the drain deadline, before connections are closed.
const cancelGrace = time.Second

// Server is the reference ingest server: the API listener, the loopback
// admin listener, the store, the LLM client, the ingest pipeline and the
// cascade worker. New → Start → Shutdown.
type Server struct {
	cfg     Config
	log     *slog.Logger
	defects defectSet
	reg     prometheus.Registerer
	gather  prometheus.Gatherer

	health       health
	limiter      *limiter
	httpDuration *prometheus.HistogramVec

	// Set by Start.
	store    *store.Store
	vectors  store.VectorStore // cfg.Store's backend next to store
	llm      *llm.Client
	pipeline *ingest.Pipeline
	cascade  *cascade.Worker
	api      *http.Server
	admin    *http.Server
	apiURL   string
	adminURL string

	baseCtx    context.Context // parent of every request; cancelled last on Shutdown
	cancelBase context.CancelCauseFunc
	wg         sync.WaitGroup // the two Serve goroutines

	mu       sync.Mutex // guards started, shutdown
	started  bool
	shutdown bool
}

// New validates cfg and prepares a Server; nothing is opened until Start.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("server config: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, defects: newDefectSet(cfg.Defects),
		limiter: newLimiter(cfg.MaxConcurrentUploads), httpDuration: newHTTPDuration()}
	if cfg.Registerer != nil {
		s.reg = cfg.Registerer
		s.gather = prometheus.DefaultGatherer
		if g, ok := cfg.Registerer.(prometheus.Gatherer); ok {
			s.gather = g
		}
	} else {
		r := newRegistry()
		s.reg, s.gather = r, r
	}
	inUse := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "hangar_upload_slots_in_use",
		Help: "Upload limiter slots held by uploads in flight."}, func() float64 { return float64(s.limiter.inUse()) })
	for _, c := range []prometheus.Collector{s.httpDuration, inUse} {
		if err := s.reg.Register(c); err != nil {
			return nil, fmt.Errorf("server metrics: %w", err)
		}
	}
	s.baseCtx, s.cancelBase = context.WithCancelCause(context.Background())
	return s, nil
}

// Start opens the store, recovers after a crash, starts the cascade and
// both listeners. ctx bounds the startup only; the server runs until
// Shutdown. On error everything opened so far is closed again.
func (s *Server) Start(ctx context.Context) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.shutdown {
		return errors.New("server: already started")
	}
	s.started = true
	defer func() {
		if err != nil {
			s.closeBackends(context.Background())
		}
	}()
	if err := s.openBackends(ctx); err != nil {
		return err
	}
	if err := s.listen(); err != nil {
		return err
	}
	s.health.started = time.Now()
	s.health.state.Store(stateServing)
	s.log.Info("server started", "api", s.apiURL, "admin", s.adminURL, "defects", s.cfg.Defects)
	return nil
}

func (s *Server) openBackends(ctx context.Context) error {
	if err := os.MkdirAll(s.cfg.DataDir, 0o755); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	if n, err := ingest.SweepTemp(s.cfg.DataDir); err != nil {
		return fmt.Errorf("sweep temp files: %w", err)
	} else if n > 0 {
		s.log.Info("removed half-written document dirs left by a crash", "dirs", n)
	}
	var err error
	if s.store, err = store.Open(ctx, store.Config{Dir: s.cfg.DataDir, QueueSize: s.cfg.StoreQueueSize, Registerer: s.reg,
		SyncHook: s.cfg.StoreSyncHook}); err != nil {
		return err
	}
	if s.vectors, err = store.OpenVectors(ctx, s.cfg.Store, s.store); err != nil {
		return fmt.Errorf("vector store: %w", err)
	}
	lc := s.cfg.llmConfig()
	lc.Registerer = s.reg
	if s.llm, err = llm.New(lc); err != nil {
		return err
	}
	if s.pipeline, err = ingest.New(ingest.Config{DataDir: s.cfg.DataDir, Categories: s.cfg.Categories,
		LLM: s.llm, Store: s.store, Registerer: s.reg, Logger: s.log}); err != nil {
		return err
	}
	cc := s.cfg.cascadeConfig()
	cc.Registerer = s.reg
	if s.cascade, err = cascade.New(s.store, s.vectors, s.llm, cc); err != nil {
		return err
	}
	return s.cascade.Start(s.baseCtx)
}

func (s *Server) listen() error {
	apiLn, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("api listener: %w", err)
	}
	adminLn, err := net.Listen("tcp", s.cfg.AdminAddr)
	if err != nil {
		apiLn.Close()
		return fmt.Errorf("admin listener: %w", err)
	}
	base := func(net.Listener) context.Context { return s.baseCtx }
	s.api = &http.Server{Handler: s.apiHandler(), ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout: s.cfg.ReadTimeout, IdleTimeout: s.cfg.IdleTimeout, BaseContext: base,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)}
	s.admin = &http.Server{Handler: s.adminHandler(s.gather), ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		IdleTimeout: s.cfg.IdleTimeout, BaseContext: base}
	s.apiURL, s.adminURL = "http://"+apiLn.Addr().String(), "http://"+adminLn.Addr().String()
	s.serve(s.api, apiLn)
	s.serve(s.admin, adminLn)
	return nil
}

func (s *Server) serve(srv *http.Server, ln net.Listener) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("listener stopped", "addr", ln.Addr(), "err", err)
		}
	}()
}

// URL is the API base URL, e.g. http://127.0.0.1:8000 (valid after Start).
func (s *Server) URL() string { return s.apiURL }

// AdminURL is the admin base URL (valid after Start).
func (s *Server) AdminURL() string { return s.adminURL }

// Shutdown stops accepting, lets in-flight requests finish until ctx ends,
// then cancels what is left (LLM calls included), closes the cascade (its
// leases go back to pending), the LLM client and the store. No goroutine
// it started survives it. Safe to call more than once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return nil
	}
	s.shutdown = true
	s.health.state.Store(stateDraining)
	var errs []error
	if s.api != nil {
		errs = append(errs, s.drain(ctx))
	}
	s.cancelBase(errShuttingDown)
	s.wg.Wait()
	errs = append(errs, s.closeBackends(ctx))
	s.health.state.Store(stateStopped)
	return errors.Join(errs...)
}

// drain shuts both listeners down gracefully; past ctx it closes them hard.
func (s *Server) drain(ctx context.Context) error {
	err := s.api.Shutdown(ctx)
	if err != nil {
		s.log.Warn("drain deadline passed; cancelling in-flight requests", "err", err)
		s.cancelBase(errShuttingDown)
		// Cancelled handlers answer 503 SHUTTING_DOWN; give them a moment.
		gctx, cancel := context.WithTimeout(context.Background(), cancelGrace)
		defer cancel()
		if s.api.Shutdown(gctx) != nil {
			err = errors.Join(err, s.api.Close())
		}
		err = fmt.Errorf("drain api: %w", err)
	}
	if aerr := s.admin.Shutdown(ctx); aerr != nil {
		err = errors.Join(err, s.admin.Close())
	}
	return err
}

// closeCascade closes the cascade, which releases this instance's leases
// through the store writer. A full writer queue (ErrBusy) is backpressure,
// not failure: Close is retried with a short backoff for up to 10s.
func (s *Server) closeCascade(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.cascade.Close(cctx)
		if !errors.Is(err, store.ErrBusy) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-cctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// closeBackends closes what openBackends opened, in reverse order. The
// vectors close after the cascade (which writes them) and before the store
// (whose writer a backend such as LanceDB writes through). The SQLite
// backend's Close closes the whole store; Store.Close runs once and returns
// the same error again, which is not reported twice.
func (s *Server) closeBackends(ctx context.Context) error {
	var errs []error
	if s.cascade != nil {
		errs = append(errs, s.closeCascade(ctx))
	}
	if s.llm != nil {
		errs = append(errs, s.llm.Close())
	}
	var verr error
	if s.vectors != nil {
		verr = s.vectors.Close()
		errs = append(errs, verr)
	}
	if s.store != nil {
		if err := s.store.Close(); err != verr { // the SQLite backend already returned it
			errs = append(errs, err)
		}
	}
	s.cancelBase(errShuttingDown)
	return errors.Join(errs...)
}
