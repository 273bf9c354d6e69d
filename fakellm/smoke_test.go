package fakellm_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

func TestChatJSONShape(t *testing.T) {
	srv := newServer(t, "")
	resp, body, err := post(t, srv, "/v1/chat/completions", chatBody)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var got struct {
		Object  string
		Choices []struct {
			Message      struct{ Role, Content string }
			FinishReason string `json:"finish_reason"`
		}
		Usage struct {
			PromptTokens, CompletionTokens, TotalTokens int
		}
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if got.Object != "chat.completion" || len(got.Choices) != 1 || got.Choices[0].Message.Content == "" {
		t.Fatalf("bad completion: %s", body)
	}
}
