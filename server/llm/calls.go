package llm

import (
	"context"
	"fmt"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// ChatRequest is one chat completion: a system and a user message, and
// whether the answer must be a JSON object.
type ChatRequest struct {
	Purpose Purpose
	System  string
	User    string
	JSON    bool
}

// Chat sends req and returns the first choice's content. Extraction and
// classification run in the request pool.
func (c *Client) Chat(ctx context.Context, req ChatRequest) (string, error) {
	msgs := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: req.User}}
	if req.System != "" {
		msgs = append([]openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleSystem, Content: req.System}}, msgs...)
	}
	creq := openai.ChatCompletionRequest{Model: c.cfg.ChatModel, Messages: msgs, Temperature: 0}
	if req.JSON {
		creq.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	v, err := c.call(ctx, req.Purpose, func(ctx context.Context) (any, error) {
		resp, err := c.chat.CreateChatCompletion(ctx, creq)
		if err != nil {
			return nil, err
		}
		if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Message.Content) == "" {
			return nil, fmt.Errorf("chat completion with no content: %w", ErrBadResponse)
		}
		return resp.Choices[0].Message.Content, nil
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// Embed returns one vector per text, in order. It runs in the background
// pool (the request pool with the shared-llm-pool defect). It satisfies the
// cascade's embedder interface.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return c.embedFor(ctx, PurposeEmbedding, texts)
}

// EmbedQuery embeds one search query in the request pool: a search is a
// request-path call and must not wait behind the cascade.
func (c *Client) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	v, err := c.embedFor(ctx, PurposeQueryEmbedding, []string{text})
	if err != nil {
		return nil, err
	}
	return v[0], nil
}

func (c *Client) embedFor(ctx context.Context, p Purpose, texts []string) ([][]float32, error) {
	if len(texts) == 0 {
		return nil, nil
	}
	req := openai.EmbeddingRequestStrings{Input: texts, Model: openai.EmbeddingModel(c.cfg.EmbedModel)}
	v, err := c.call(ctx, p, func(ctx context.Context) (any, error) {
		resp, err := c.embed.CreateEmbeddings(ctx, req)
		if err != nil {
			return nil, err
		}
		return orderVectors(resp.Data, len(texts))
	})
	if err != nil {
		return nil, err
	}
	return v.([][]float32), nil
}

// orderVectors places each embedding at its index and checks that every
// input got exactly one non-empty vector of a common dimension.
func orderVectors(data []openai.Embedding, n int) ([][]float32, error) {
	if len(data) != n {
		return nil, fmt.Errorf("%d embeddings for %d inputs: %w", len(data), n, ErrBadResponse)
	}
	out := make([][]float32, n)
	for _, d := range data {
		switch {
		case d.Index < 0 || d.Index >= n:
			return nil, fmt.Errorf("embedding index %d out of range [0,%d): %w", d.Index, n, ErrBadResponse)
		case out[d.Index] != nil:
			return nil, fmt.Errorf("embedding index %d twice: %w", d.Index, ErrBadResponse)
		case len(d.Embedding) == 0 || len(d.Embedding) != len(data[0].Embedding):
			return nil, fmt.Errorf("embedding %d has dimension %d, want %d: %w", d.Index, len(d.Embedding), len(data[0].Embedding), ErrBadResponse)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}
