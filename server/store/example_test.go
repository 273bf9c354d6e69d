package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hangarhq/hangar/server/store"
)

// A document's life: created with its change row, claimed by a worker,
// vectors upserted, marked indexed, found by search.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "store-example")
	defer os.RemoveAll(dir)
	st, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil {
		panic(err)
	}
	defer st.Close()

	id, _ := store.NewDocID(strings.NewReader("\x00\x11\x22\x33\x44\x55"))
	doc, created, _ := st.CreateDocument(ctx, store.Document{DocID: id, Title: "Notes",
		ContentSHA256: "9f86d0", Topics: []store.Topic{{Name: "go", Summary: "Go channels"}}})
	fmt.Println(doc.DocID, created, doc.Status)

	claims, _ := st.Claim(ctx, "worker-1", 10, 0)
	vs := st.Vectors()
	_ = vs.Upsert(ctx, []store.TopicRow{{ID: id + "_t0000", DocID: id, TopicName: "go",
		Summary: claims[0].Topics[0].Summary, Vector: []float32{0.6, 0.8}}})
	_ = st.MarkIndexed(ctx, id, "worker-1")

	hits, _ := vs.Search(ctx, []float32{0.6, 0.8}, 3)
	doc, _ = st.GetDocument(ctx, id)
	fmt.Printf("%s %s %.2f %s\n", hits[0].DocID, hits[0].Summary, hits[0].Score, doc.Status)
	// Output:
	// d_001122334455 true pending
	// d_001122334455 Go channels 1.00 indexed
}
