package server_test

import (
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"strings"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/server"
)

// The server in-process against the fake LLM: upload one document.
func Example() {
	llm, _ := fakellm.New(fakellm.Config{Addr: "127.0.0.1:0"})
	_ = llm.Start()
	defer llm.Close()
	dir, _ := os.MkdirTemp("", "hangar-example")
	defer os.RemoveAll(dir)

	cfg := server.DefaultConfig()
	cfg.Addr, cfg.AdminAddr, cfg.DataDir = "127.0.0.1:0", "127.0.0.1:0", dir
	cfg.LLMBaseURL = llm.URL() + "/v1"
	srv, err := server.New(cfg)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	if err := srv.Start(ctx); err != nil {
		panic(err)
	}
	defer srv.Shutdown(ctx)

	var body strings.Builder
	w := multipart.NewWriter(&body)
	_ = w.WriteField("title", "Release notes")
	f, _ := w.CreateFormFile("file", "notes.md")
	_, _ = f.Write([]byte("Uploads stay answered.\n\nHealth stays fast."))
	_ = w.Close()
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	resp, err := c.Post(srv.URL()+"/api/v1/knowledge/documents", w.FormDataContentType(), strings.NewReader(body.String()))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output: 201 Created
}
