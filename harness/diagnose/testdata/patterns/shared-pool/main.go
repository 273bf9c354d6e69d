// Command shared-pool runs background LLM work and request-path LLM work
// through one semaphore; the background calls hang and hold every slot.
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

var pool = semaphore.NewWeighted(2)

func callLLM(ctx context.Context, url string) {
	if err := pool.Acquire(ctx, 1); err != nil {
		return
	}
	defer pool.Release(1)
	resp, err := http.Post(url, "application/json", nil)
	if err == nil {
		resp.Body.Close()
	}
}

func backgroundIndexer(url string) { callLLM(context.Background(), url) }

func main() {
	llm := upstream()
	for range 2 {
		go backgroundIndexer(llm)
	}
	time.Sleep(200 * time.Millisecond)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { callLLM(r.Context(), llm) }))
	for range 3 {
		go http.Post("http://"+ln.Addr().String()+"/upload", "text/plain", nil)
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
