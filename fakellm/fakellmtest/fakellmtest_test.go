package fakellmtest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestNewServerServesAndCloses(t *testing.T) {
	srv := fakellmtest.NewServer(t, fakellm.Config{Seed: 1})
	fakellmtest.SetPlan(t, srv, `rules: [{match: {endpoint: models}, action: {kind: status, code: 418}}]`)
	resp, err := http.Get(srv.URL() + "/v1/models")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTeapot {
		t.Fatalf("status %d, want 418 from the plan", resp.StatusCode)
	}
	if got := len(srv.Journal()); got != 1 {
		t.Fatalf("journal has %d entries, want 1", got)
	}
}
