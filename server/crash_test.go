package server

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/fakellm/fakellmtest"
	"github.com/hangarhq/hangar/server/llm"
)

// childEnv makes the test binary run a server instead of the tests (see
// TestMain); childData and childLLM configure it.
const (
	childEnv  = "HANGAR_TEST_SERVER_CHILD"
	childData = "HANGAR_TEST_SERVER_DATA"
	childLLM  = "HANGAR_TEST_SERVER_LLM"
	// childDefects (comma-separated) runs the child with defects: set it to
	// no-lease-expiry to watch this test catch that defect.
	childDefects = "HANGAR_TEST_SERVER_DEFECTS"
)

// runChild is the subprocess: a server on loopback that prints its ready
// line and serves until SIGTERM (or until the parent kills it).
func runChild() int {
	cfg := DefaultConfig()
	cfg.Addr, cfg.AdminAddr, cfg.DataDir = "127.0.0.1:0", "127.0.0.1:0", os.Getenv(childData)
	cfg.LLMBaseURL = os.Getenv(childLLM) + "/v1"
	cfg.Cascade.PollInterval = 50 * time.Millisecond
	cfg.Cascade.BackoffBase, cfg.Cascade.BackoffMax = 20*time.Millisecond, 100*time.Millisecond
	if d := os.Getenv(childDefects); d != "" {
		cfg.Defects = strings.Split(d, ",")
	}
	srv, err := New(cfg)
	if err == nil {
		err = srv.Start(context.Background())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 3
	}
	fmt.Printf("hangar server listening api=%s admin=%s\n", srv.URL(), srv.AdminURL())
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return 1
	}
	return 0
}

type child struct {
	cmd *exec.Cmd
	url string
}

func startChild(t *testing.T, data, llmURL string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", childData+"="+data, childLLM+"="+llmURL)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child gave no ready line: %v", err)
	}
	f := strings.Fields(line)
	return &child{cmd: cmd, url: strings.TrimPrefix(f[3], "api=")}
}

// crashRun tracks which documents got a 201/200 and with which id.
type crashRun struct {
	mu       sync.Mutex
	accepted map[int]string // doc index -> doc id
	twice    []string
}

func (cr *crashRun) record(i int, id string) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if prev, ok := cr.accepted[i]; ok && prev != id {
		cr.twice = append(cr.twice, fmt.Sprintf("doc %d: %s then %s", i, prev, id))
	}
	cr.accepted[i] = id
}

func (cr *crashRun) pending(n int) []int {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	var out []int
	for i := range n {
		if _, ok := cr.accepted[i]; !ok {
			out = append(out, i)
		}
	}
	return out
}

// TestCrashSafety SIGKILLs a subprocess server at random points of a
// 50-document ingest (at least 5 times), restarts it on the same data dir,
// and checks that every document that got a 201 is listed and indexed,
// none twice and none left pending or indexing.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash safety runs and SIGKILLs a subprocess server several times; skipped with -short")
	}
	const docs, minKills = 50, 5
	fl := fakellmtest.NewServer(t, fakellm.Config{Seed: 7, EmbeddingDim: 16})
	probe, err := llm.New(llm.Config{BaseURL: fl.URL() + "/v1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = probe.Close() })
	requireExtractionFrom(t, probe)
	data := t.TempDir()
	rng := rand.New(rand.NewPCG(42, 0))
	cr := &crashRun{accepted: map[int]string{}}
	client := &http.Client{Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	kills := 0
	for round := 0; kills < minKills || len(cr.pending(docs)) > 0; round++ {
		if round > 40 {
			t.Fatalf("no convergence after %d rounds: %d kills, %d pending", round, kills, len(cr.pending(docs)))
		}
		c := startChild(t, data, fl.URL())
		kill := kills < minKills
		// Kill after a random number of this round's uploads were accepted,
		// plus a random delay: other uploads are mid-flight at that moment.
		target, delay := int32(2+rng.IntN(8)), time.Duration(rng.IntN(15))*time.Millisecond
		var n atomic.Int32
		onAccept := func() {
			if kill && n.Add(1) == target {
				time.AfterFunc(delay, func() { _ = c.cmd.Process.Kill() })
			}
		}
		before := len(cr.pending(docs))
		uploadPending(client, c.url, cr, docs, onAccept)
		t.Logf("round %d: %d documents accepted, %d still pending, kill=%v", round, before-len(cr.pending(docs)), len(cr.pending(docs)), kill)
		if kill {
			_ = c.cmd.Process.Kill() // no-op if the timer already killed it
			_ = c.cmd.Wait()
			kills++
			continue
		}
		finalCheck(t, client, c.url, cr, docs)
		_ = c.cmd.Process.Signal(syscall.SIGTERM)
		if err := c.cmd.Wait(); err != nil {
			t.Errorf("final child exit: %v", err)
		}
	}
	if len(cr.twice) > 0 {
		t.Errorf("documents accepted under two ids: %v", cr.twice)
	}
	t.Logf("%d kills; %d documents accepted", kills, len(cr.accepted))
}

// uploadPending uploads the documents without an id, 4 at a time, until
// all are accepted or the server stops answering.
func uploadPending(client *http.Client, url string, cr *crashRun, n int, onAccept func()) {
	work := make(chan int)
	var wg sync.WaitGroup
	var dead sync.Once
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for i := range work {
				ct, body := crashDoc(i).encode()
				resp, err := client.Post(url+"/api/v1/knowledge/documents", ct, strings.NewReader(string(body)))
				if err != nil {
					dead.Do(func() { close(stop) })
					continue
				}
				var c created
				if resp.StatusCode == 201 || resp.StatusCode == 200 {
					if r := decodeEnvelope(resp, &c); r == nil {
						cr.record(i, c.DocID)
						onAccept()
					}
				}
				resp.Body.Close()
			}
		})
	}
	for _, i := range cr.pending(n) {
		select {
		case work <- i:
		case <-stop:
		}
	}
	close(work)
	wg.Wait()
}

func crashDoc(i int) form {
	return doc(fmt.Sprintf("Crash document %02d", i), fmt.Sprintf("Document %d body.\n\nIt has a second paragraph %d.", i, i*i))
}

// finalCheck waits until every accepted document is indexed and compares
// the list with what the client saw.
func finalCheck(t *testing.T, client *http.Client, url string, cr *crashRun, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		l, err := fetchList(client, url)
		if err != nil {
			t.Fatal(err)
		}
		byID, statuses := map[string]documentJSON{}, map[string]int{}
		for _, d := range l.Documents {
			byID[d.DocID] = d
			statuses[d.Status]++
		}
		if statuses["indexed"] == n || time.Now().After(deadline) {
			if l.Total != n || len(byID) != n {
				t.Errorf("list has %d documents (%d distinct), want %d: none twice", l.Total, len(byID), n)
			}
			for i, id := range cr.accepted {
				if d, ok := byID[id]; !ok || d.Status != "indexed" {
					t.Errorf("doc %d (%s) accepted but listed as %+v", i, id, d)
				}
			}
			if statuses["indexed"] != n {
				t.Errorf("statuses after recovery: %v; want all %d indexed", statuses, n)
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}
