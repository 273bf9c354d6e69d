package store

import "errors"

// Errors returned by the store. Callers test them with errors.Is.
var (
	// ErrBusy means the single writer could not take the write in time: its
	// queue was full, or the caller's deadline passed while the write was
	// queued. The write was not applied. The API maps it to 503.
	ErrBusy = errors.New("store busy")
	// ErrNotFound means the requested document does not exist.
	ErrNotFound = errors.New("not found")
	// ErrClosed means the store (or its writer) has been closed.
	ErrClosed = errors.New("store closed")
	// ErrLeaseLost means a change row is no longer claimed by the caller:
	// its lease was reclaimed, or the document was deleted meanwhile.
	ErrLeaseLost = errors.New("lease lost")
	// ErrInvalid means an argument was malformed (bad doc id, empty vector...).
	ErrInvalid = errors.New("invalid argument")
)
