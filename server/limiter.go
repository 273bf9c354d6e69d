package server

import (
	"context"
	"net/http"
	"time"
)

// limiter bounds the uploads in flight. A request waits at most its wait
// for a slot, then is shed with 503 — never queued without bound.
type limiter struct {
	slots chan struct{}
}

func newLimiter(n int) *limiter { return &limiter{slots: make(chan struct{}, n)} }

// acquire takes a slot, waiting up to wait (0: not at all; < 0: until ctx
// ends). It returns errLimiterFull when none became free.
func (l *limiter) acquire(ctx context.Context, wait time.Duration) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	default:
	}
	if wait == 0 {
		return nil, errLimiterFull
	}
	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	case <-timeout:
		return nil, errLimiterFull
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *limiter) release() { <-l.slots }

func (l *limiter) inUse() int { return len(l.slots) }

// limit wraps an upload handler: a slot for the whole request, or 503.
func (s *Server) limit(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		release, err := s.limiter.acquire(r.Context(), s.cfg.UploadQueueWait)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		defer release()
		next(w, r)
	}
}
