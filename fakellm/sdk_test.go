package fakellm_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"

	"github.com/hangarhq/hangar/fakellm"
)

// sdk is one OpenAI client library under test: chat sends one chat
// request (streamed or not) and returns the answer text.
type sdk struct {
	name string
	chat func(ctx context.Context, t *testing.T, srv *fakellm.Server, stream bool, retries int) (string, error)
}

var sdks = []sdk{{"go-openai", goOpenAIChat}, {"openai-go", openaiGoChat}}

const testPrompt = "hello there, fake model"

// newHTTPClient returns a client whose idle connections the test closes,
// so goleak sees no keep-alive goroutines.
func newHTTPClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func goOpenAIChat(ctx context.Context, t *testing.T, srv *fakellm.Server, stream bool, _ int) (string, error) {
	cfg := goopenai.DefaultConfig("test-key")
	cfg.BaseURL = srv.URL() + "/v1"
	cfg.HTTPClient = newHTTPClient(t)
	c := goopenai.NewClientWithConfig(cfg)
	req := goopenai.ChatCompletionRequest{Model: "m", Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: testPrompt}}}
	if !stream {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err != nil {
			return "", err
		}
		if len(resp.Choices) == 0 {
			return "", errNoChoices
		}
		return resp.Choices[0].Message.Content, nil
	}
	req.Stream = true
	s, err := c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", err
	}
	defer s.Close()
	var b strings.Builder
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return b.String(), err
		}
		if len(chunk.Choices) == 0 {
			continue
		}
		b.WriteString(chunk.Choices[0].Delta.Content)
	}
}

func openaiGoChat(ctx context.Context, t *testing.T, srv *fakellm.Server, stream bool, retries int) (string, error) {
	c := oai.NewClient(option.WithBaseURL(srv.URL()+"/v1"), option.WithAPIKey("test-key"),
		option.WithMaxRetries(retries), option.WithHTTPClient(newHTTPClient(t)))
	params := oai.ChatCompletionNewParams{Model: "m", Messages: []oai.ChatCompletionMessageParamUnion{oai.UserMessage(testPrompt)}}
	if !stream {
		resp, err := c.Chat.Completions.New(ctx, params)
		if err != nil {
			return "", err
		}
		if len(resp.Choices) == 0 {
			return "", errNoChoices
		}
		return resp.Choices[0].Message.Content, nil
	}
	s := c.Chat.Completions.NewStreaming(ctx, params)
	defer s.Close()
	var b strings.Builder
	for s.Next() {
		if ch := s.Current(); len(ch.Choices) > 0 {
			b.WriteString(ch.Choices[0].Delta.Content)
		}
	}
	return b.String(), s.Err()
}

var errNoChoices = errors.New("answer has no choices")

// errClass names the kind of failure a client observed, so tests can say
// what each SDK sees without matching library-specific messages.
func errClass(err error) string {
	var goAPI *goopenai.APIError
	var goReq *goopenai.RequestError
	var oaiErr *oai.Error
	var syn *json.SyntaxError
	var netErr net.Error
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, errNoChoices):
		return "no_choices"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNRESET):
		return "reset"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected_eof"
	case errors.As(err, &goAPI) && goAPI.HTTPStatusCode == 0:
		return "stream_error" // go-openai's error event inside a 200 stream
	case errors.As(err, &oaiErr) || errors.As(err, &goAPI) || errors.As(err, &goReq):
		return "status"
	case strings.Contains(err.Error(), "content-type"):
		return "content_type"
	case errors.As(err, &syn) || strings.Contains(err.Error(), "unexpected end of JSON"):
		return "json"
	case strings.Contains(err.Error(), "error while streaming") || strings.HasPrefix(err.Error(), "error, "):
		return "stream_error"
	case errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF"):
		return "eof"
	}
	return "other: " + err.Error()
}

// statusOf returns the HTTP status an SDK error carries, 0 if none.
func statusOf(err error) int {
	var goAPI *goopenai.APIError
	var goReq *goopenai.RequestError
	var oaiErr *oai.Error
	switch {
	case errors.As(err, &oaiErr):
		return oaiErr.StatusCode
	case errors.As(err, &goAPI):
		return goAPI.HTTPStatusCode
	case errors.As(err, &goReq):
		return goReq.HTTPStatusCode
	}
	return 0
}
