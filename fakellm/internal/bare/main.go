// Command bare is the baseline of scripts/fakellm-throughput.sh: a plain
// net/http server that answers POST /v1/chat/completions with bytes
// captured from fakellm beforehand, so wrk can compare fakellm's requests
// per second with what net/http alone manages on the same machine.
//
//	bare --addr 127.0.0.1:0 --chat chat.json --stream stream.sse
//
// A request whose body contains "stream":true gets the SSE capture, one
// event ("data: ...\n\n") per write and flush, as fakellm sends them; any
// other request gets the JSON capture. The listening URL is printed as
// "bare listening url=http://HOST:PORT".
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	chatPath := fs.String("chat", "", "JSON body to answer non-stream requests with")
	streamPath := fs.String("stream", "", "SSE body to answer stream requests with")
	if err := fs.Parse(args); err != nil {
		return err
	}
	chat, err := os.ReadFile(*chatPath)
	if err != nil {
		return fmt.Errorf("chat: %w", err)
	}
	stream, err := os.ReadFile(*streamPath)
	if err != nil {
		return fmt.Errorf("stream: %w", err)
	}
	events := splitEvents(stream)
	if len(events) == 0 {
		return fmt.Errorf("stream: %s holds no SSE events", *streamPath)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	fmt.Printf("bare listening url=http://%s events=%d\n", ln.Addr(), len(events))
	return http.Serve(ln, handler(chat, events))
}

// splitEvents cuts an SSE body into its frames, each ending in "\n\n".
func splitEvents(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.Index(b, []byte("\n\n"))
		if i < 0 {
			return append(out, b)
		}
		out, b = append(out, b[:i+2]), b[i+2:]
	}
	return out
}

func handler(chat []byte, events [][]byte) http.HandlerFunc {
	length := strconv.Itoa(len(chat))
	streamMarker := []byte(`"stream":true`)
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h := w.Header()
		if !bytes.Contains(body, streamMarker) {
			h["Content-Type"] = []string{"application/json"}
			h["Content-Length"] = []string{length}
			w.Write(chat)
			return
		}
		h["Content-Type"] = []string{"text/event-stream; charset=utf-8"}
		h["Cache-Control"] = []string{"no-cache"}
		f := w.(http.Flusher)
		for _, ev := range events {
			w.Write(ev)
			f.Flush()
		}
	}
}
