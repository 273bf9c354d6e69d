package server

import (
	"context"
	"errors"
)

// errKilled is the cause of every request context when the server is
// killed.
var errKilled = errors.New("server killed")

// Kill stops the server the way SIGKILL stops `hangar server`, for an
// in-process crash: the listeners and every connection close at once with
// no drain and no answer, in-flight work is cancelled, and the cascade
// releases no lease (Worker.Abandon), so a new server on the same data dir
// finds the claims a dead instance left. The store is closed last, so a
// restart can open it. Shutdown is the clean stop; after either, the other
// does nothing.
func (s *Server) Kill() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return nil
	}
	s.shutdown = true
	var errs []error
	if s.api != nil {
		errs = append(errs, s.api.Close(), s.admin.Close())
	}
	s.cancelBase(errKilled)
	s.wg.Wait()
	if s.cascade != nil {
		s.cascade.Abandon()
		s.cascade = nil // closeBackends must not release the leases
	}
	errs = append(errs, s.closeBackends(context.Background()))
	s.health.state.Store(stateStopped)
	return errors.Join(errs...)
}
