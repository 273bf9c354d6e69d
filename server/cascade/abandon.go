package cascade

// Abandon stops the worker as a crash would: it cancels claiming and the
// calls in flight and waits for its goroutines, but releases no lease, so
// the rows it had claimed stay indexing under its instance ID, as a
// SIGKILL leaves them. An in-process kill uses it; Close is the clean stop.
func (w *Worker) Abandon() {
	w.mu.Lock()
	cancel := w.cancel
	w.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	w.wg.Wait()
}
