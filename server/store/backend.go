package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// VectorOpener opens a vector backend next to st. A backend keeps its files
// under st's directory and must route its writes through st.Writer().
type VectorOpener func(ctx context.Context, st *Store) (VectorStore, error)

var (
	backendsMu sync.Mutex // guards backends
	backends   = map[string]VectorOpener{}
)

// DefaultVectorBackend is the backend OpenVectors uses for "".
const DefaultVectorBackend = "sqlite"

// RegisterVectorBackend makes a backend available to OpenVectors under
// name; backends call it from init. It panics on a duplicate name.
func RegisterVectorBackend(name string, open VectorOpener) {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	if _, dup := backends[name]; dup || open == nil {
		panic("store: vector backend " + name + " registered twice or nil")
	}
	backends[name] = open
}

// VectorBackends lists the registered backend names, sorted.
func VectorBackends() []string {
	backendsMu.Lock()
	defer backendsMu.Unlock()
	names := make([]string, 0, len(backends))
	for n := range backends {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// OpenVectors opens the named backend ("" means DefaultVectorBackend).
func OpenVectors(ctx context.Context, name string, st *Store) (VectorStore, error) {
	if name == "" {
		name = DefaultVectorBackend
	}
	backendsMu.Lock()
	open, ok := backends[name]
	backendsMu.Unlock()
	if !ok {
		return nil, fmt.Errorf("vector backend %q unknown (have %v): %w", name, VectorBackends(), ErrInvalid)
	}
	return open(ctx, st)
}

func init() {
	RegisterVectorBackend("sqlite", func(_ context.Context, st *Store) (VectorStore, error) {
		return st.Vectors(), nil
	})
}
