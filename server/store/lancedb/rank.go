package lancedb

import (
	"cmp"
	"maps"
	"slices"

	"github.com/hangarhq/hangar/server/store"
)

// rank keeps the newest version of each id (older ones exist only between
// an upsert's add and delete, or after a crash there), scores each row by
// the dot product of the unit query and its unit vector (the cosine),
// and returns the best k, best first; equal scores rank the smaller id
// first, as the SQLite backend does. dups counts the versions dropped.
func rank(rows []stored, q []float32, k int) (hits []store.Hit, dups int) {
	newest := make(map[string]stored, len(rows))
	for _, r := range rows {
		if old, seen := newest[r.hit.ID]; seen {
			dups++
			if old.updated >= r.updated {
				continue
			}
		}
		newest[r.hit.ID] = r
	}
	hits = make([]store.Hit, 0, len(newest))
	for _, r := range newest {
		h := r.hit
		h.Score = dot(q, r.vector)
		hits = append(hits, h)
	}
	slices.SortFunc(hits, func(a, b store.Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return hits[:min(k, len(hits))], dups
}

// planRepair finds the ids stored in more than one version and returns, in
// id order, one filter per such id deleting all but its newest version, and
// the newest stamp in the table.
func planRepair(rows []stored) (filters []string, newestStamp int64) {
	newest := map[string]int64{}
	versions := map[string]int{}
	for _, r := range rows {
		versions[r.hit.ID]++
		newest[r.hit.ID] = max(newest[r.hit.ID], r.updated)
		newestStamp = max(newestStamp, r.updated)
	}
	for _, id := range slices.Sorted(maps.Keys(versions)) {
		if versions[id] > 1 {
			filters = append(filters, olderFilter(id, newest[id]))
		}
	}
	return filters, newestStamp
}

// createdAt maps each id to its earliest stored created_at, so a replaced
// row keeps the time it was first written.
func createdAt(rows []stored) map[string]int64 {
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		c, seen := out[r.hit.ID]
		if !seen || c == 0 || (r.created != 0 && r.created < c) {
			out[r.hit.ID] = r.created
		}
	}
	return out
}

// keepNewest keeps the rows whose updated_at is the newest among stamps
// for their id; a row whose id has no stamp left was deleted meanwhile.
// missing counts the ids whose newest version exists but is not among rows
// (replaced after rows were read): a caller must read again to see them.
func keepNewest(rows, stamps []stored) (kept []stored, missing int) {
	newest := make(map[string]int64, len(stamps))
	for _, s := range stamps {
		newest[s.hit.ID] = max(newest[s.hit.ID], s.updated)
	}
	have := map[string]bool{}
	kept = rows[:0:0]
	for _, r := range rows {
		if n, ok := newest[r.hit.ID]; ok && r.updated == n {
			kept = append(kept, r)
			have[r.hit.ID] = true
		}
	}
	for _, r := range rows {
		if _, ok := newest[r.hit.ID]; ok && !have[r.hit.ID] {
			have[r.hit.ID] = true // count each id once
			missing++
		}
	}
	return kept, missing
}
