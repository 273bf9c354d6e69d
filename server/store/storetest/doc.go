// Package storetest is the conformance suite for store.VectorStore
// backends. A backend's tests call RunAll (or single behaviours) with an
// Opener:
//
//	func TestConformance(t *testing.T) {
//		storetest.RunAll(t, func(t *testing.T, dir string) store.VectorStore {
//			st, err := store.Open(t.Context(), store.Config{Dir: dir})
//			if err != nil {
//				t.Fatal(err)
//			}
//			return st.Vectors()
//		})
//	}
//
// The Opener must open (or reopen) the backend whose files live in dir; the
// suite closes what it opens. Every behaviour is its own exported function
// so a backend can run them one by one: upsert by id, idempotent re-upsert,
// delete by document, top-k ordering, concurrent writers serialised without
// loss, a write deadline that returns a busy error instead of waiting, and
// reopening after an unclean close. The deadline and unclean-close cases
// need the backend to implement store.Serialized (writes through the single
// Writer), as the server requires of every backend.
package storetest
