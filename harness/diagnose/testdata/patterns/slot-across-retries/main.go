// Command slot-across-retries takes a semaphore slot once and holds it
// through every attempt and every backoff sleep; other callers queue.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

var (
	_ = context.Background
	_ = sync.Mutex{}
	_ = semaphore.NewWeighted
	_ = http.Get
)

var sem = semaphore.NewWeighted(2)

func callWithRetries(ctx context.Context) error {
	if err := sem.Acquire(ctx, 1); err != nil {
		return err
	}
	defer sem.Release(1)
	for attempt := 0; attempt < 3; attempt++ {
		if err := attemptOnce(); err == nil {
			return nil
		}
		time.Sleep(time.Hour) // backoff, slot still held
	}
	return fmt.Errorf("gave up")
}

func attemptOnce() error { return fmt.Errorf("429 too many requests") }

func main() {
	for range 6 {
		go callWithRetries(context.Background())
	}
	dumps()
}

// upstream is an LLM that accepts requests and never answers.
func upstream() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go io.Copy(io.Discard, c) // read the request, answer nothing
		}
	}()
	return "http://" + ln.Addr().String()
}

// dumps writes two debug=2 goroutine dumps gap apart into dir, once the
// pattern has settled.
func dumps() {
	dir := flag.String("out", ".", "directory for goroutines-1.txt and goroutines-2.txt")
	gap := flag.Duration("gap", 300*time.Millisecond, "time between the dumps")
	flag.Parse()
	time.Sleep(500 * time.Millisecond)
	for i := 1; i <= 2; i++ {
		if i == 2 {
			time.Sleep(*gap)
		}
		f, err := os.Create(fmt.Sprintf("%s/goroutines-%d.txt", *dir, i))
		if err != nil {
			panic(err)
		}
		if err := pprof.Lookup("goroutine").WriteTo(f, 2); err != nil {
			panic(err)
		}
		f.Close()
	}
}
