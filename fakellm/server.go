package fakellm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a fake OpenAI-compatible LLM. Create it with New, then Start;
// Close aborts everything in flight and returns when no goroutine is left.
type Server struct {
	cfg     Config
	log     *slog.Logger
	ctx     context.Context // cancelled by Close; every request derives from it
	cancel  context.CancelFunc
	hs      *http.Server
	metrics *metrics
	journal *journal
	state   atomic.Pointer[planState]

	mu       sync.RWMutex // guards ln, closed, hijacked and Adds to handlers (read-locked per request)
	ln       net.Listener
	closed   bool
	hijacked map[net.Conn]struct{}
	handlers sync.WaitGroup // running handlers
	serving  sync.WaitGroup // the Serve goroutine

	closing   atomic.Bool // set first thing in Close: interrupted requests are "aborted"
	closeOnce sync.Once
	closeErr  error
}

// New validates cfg and builds a server; it does not listen yet.
func New(cfg Config) (*Server, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("fakellm: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, hijacked: map[net.Conn]struct{}{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.metrics = newMetrics()
	s.journal = newJournal(cfg.JournalLimit)
	if err := s.SetPlan(cfg.Plan); err != nil {
		s.cancel()
		return nil, fmt.Errorf("fakellm: %w", err)
	}
	s.hs = &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return s.ctx },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	return s, nil
}

// Start listens on Config.Addr and serves in a goroutine owned by s.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return errors.New("fakellm: start after close")
	case s.ln != nil:
		return errors.New("fakellm: already started")
	}
	ln := s.cfg.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", s.cfg.Addr); err != nil {
			return fmt.Errorf("fakellm: listen: %w", err)
		}
	}
	s.ln = ln
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		if err := s.hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("fakellm serve", "err", err)
		}
	}()
	s.log.Info("fakellm listening", "url", s.urlLocked())
	return nil
}

// URL is the server's base URL, "http://127.0.0.1:PORT"; the OpenAI base
// URL is URL()+"/v1". Empty before Start.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.urlLocked()
}

func (s *Server) urlLocked() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Handler returns the server's HTTP handler, for mounting elsewhere. Hung
// requests served through it are released by Close.
func (s *Server) Handler() http.Handler { return s.hs.Handler }

// Shutdown stops accepting, lets requests in flight finish until ctx is
// done, then aborts whatever is left (hangs included) like Close.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.hs.Shutdown(ctx)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// Close aborts every request in flight (hung ones included), closes all
// connections and waits until every goroutine the server started is gone.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.closing.Store(true)
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.closeErr = s.hs.Close()
		s.cancel()
		s.closeHijacked()
		s.handlers.Wait()
		s.closeHijacked()
		s.serving.Wait()
	})
	return s.closeErr
}

func (s *Server) closeHijacked() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.hijacked {
		c.Close()
		delete(s.hijacked, c)
	}
}

// enter registers a running handler; false once the server is closing.
// Requests only read closed, so they share the lock; Close takes it
// exclusively, after which no Add can race its Wait.
func (s *Server) enter() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

func (s *Server) trackConn(c net.Conn, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on {
		s.hijacked[c] = struct{}{}
	} else {
		delete(s.hijacked, c)
	}
}

// SetPlan replaces the fault plan (nil: no faults). It validates the plan
// first; an invalid plan is rejected and the old one stays. Ordinals,
// success counts, firing counts and the seeded generator restart.
func (s *Server) SetPlan(p *Plan) error {
	if p == nil {
		p = &Plan{}
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("invalid plan: %w", err)
	}
	s.state.Store(newPlanState(p, s.cfg.Seed))
	return nil
}

// Plan returns the plan in force (never nil).
func (s *Server) Plan() *Plan { return s.state.Load().plan }

// Reset restarts the plan's counters and generator and clears the journal.
func (s *Server) Reset() {
	s.state.Store(newPlanState(s.state.Load().plan, s.cfg.Seed))
	s.journal.reset()
}

// Journal returns a copy of the request journal, oldest first. Requests
// still in flight appear with ending "in_flight".
func (s *Server) Journal() []JournalEntry { return s.journal.snapshot() }
