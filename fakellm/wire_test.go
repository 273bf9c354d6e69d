package fakellm_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// TestStreamWireFormat checks an SSE stream field by field: role delta
// first, content deltas, finish chunk, usage chunk with choices [], [DONE].
func TestStreamWireFormat(t *testing.T) {
	srv := newServer(t, "")
	_, body, err := post(t, srv, "/v1/chat/completions",
		`{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"tell me"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	var frames []string
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			frames = append(frames, strings.TrimPrefix(l, "data: "))
		}
	}
	if frames[len(frames)-1] != "[DONE]" {
		t.Fatalf("last frame %q, want [DONE]", frames[len(frames)-1])
	}
	type chunk struct {
		ID, Object string
		Created    int64
		Choices    []struct {
			Index        int
			Delta        map[string]any
			FinishReason *string `json:"finish_reason"`
		}
		Usage *usageJSON `json:"usage"`
	}
	var chunks []chunk
	for _, f := range frames[:len(frames)-1] {
		var c chunk
		if err := json.Unmarshal([]byte(f), &c); err != nil {
			t.Fatalf("frame %q: %v", f, err)
		}
		if c.Object != "chat.completion.chunk" || c.ID != chunks0ID(chunks, c.ID) {
			t.Fatalf("frame %q: bad object or id", f)
		}
		chunks = append(chunks, c)
	}
	if role := chunks[0].Choices[0].Delta["role"]; role != "assistant" {
		t.Errorf("first delta %v, want role assistant", chunks[0].Choices[0].Delta)
	}
	fin := chunks[len(chunks)-2]
	if fin.Choices[0].FinishReason == nil || *fin.Choices[0].FinishReason != "stop" || len(fin.Choices[0].Delta) != 0 {
		t.Errorf("finish chunk %+v", fin)
	}
	u := chunks[len(chunks)-1]
	contentChunks := len(chunks) - 3
	if len(u.Choices) != 0 || u.Usage == nil || u.Usage.CompletionTokens != contentChunks ||
		u.Usage.TotalTokens != u.Usage.PromptTokens+u.Usage.CompletionTokens {
		t.Errorf("usage chunk %+v; want choices [] and %d completion tokens", u, contentChunks)
	}
}

func chunks0ID[T any](prev []T, id string) string {
	if len(prev) == 0 {
		return id
	}
	var first struct{ ID string }
	b, _ := json.Marshal(prev[0])
	json.Unmarshal(b, &first)
	return first.ID
}

// TestMaxTokens: max_tokens cuts the answer and says finish_reason length.
func TestMaxTokens(t *testing.T) {
	srv := newServer(t, "")
	_, body, _ := post(t, srv, "/v1/chat/completions", `{"model":"m","max_tokens":3,"messages":[{"role":"user","content":"a long question indeed"}]}`)
	var c struct {
		Choices []struct {
			FinishReason string `json:"finish_reason"`
		}
		Usage usageJSON `json:"usage"`
	}
	json.Unmarshal(body, &c)
	if c.Choices[0].FinishReason != "length" || c.Usage.CompletionTokens != 3 {
		t.Fatalf("max_tokens 3 gave %s", body)
	}
}

// TestEmbeddingsWithSDKs: both SDKs get unit vectors of the asked size,
// float and base64 decode to the same numbers, batches keep their order.
func TestEmbeddingsWithSDKs(t *testing.T) {
	srv := newServer(t, "")
	inputs := []string{"the cat sat on the mat", "the cat sat on a mat", "quarterly revenue grew"}
	oc := oai.NewClient(option.WithBaseURL(srv.URL()+"/v1"), option.WithAPIKey("k"), option.WithHTTPClient(newHTTPClient(t)))
	var vecs [2][][]float64
	for i, format := range []oai.EmbeddingNewParamsEncodingFormat{oai.EmbeddingNewParamsEncodingFormatFloat, oai.EmbeddingNewParamsEncodingFormatBase64} {
		resp, err := oc.Embeddings.New(context.Background(), oai.EmbeddingNewParams{Model: "e",
			Input: oai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: inputs}, EncodingFormat: format, Dimensions: oai.Int(256)})
		if err != nil {
			t.Fatalf("openai-go %s: %v", format, err)
		}
		for j, d := range resp.Data {
			if int(d.Index) != j || len(d.Embedding) != 256 {
				t.Fatalf("openai-go %s: item %d index %d dim %d", format, j, d.Index, len(d.Embedding))
			}
			vecs[i] = append(vecs[i], d.Embedding)
		}
	}
	cfg := goopenai.DefaultConfig("k")
	cfg.BaseURL, cfg.HTTPClient = srv.URL()+"/v1", newHTTPClient(t)
	gresp, err := goopenai.NewClientWithConfig(cfg).CreateEmbeddings(context.Background(),
		goopenai.EmbeddingRequestStrings{Input: inputs, Model: "e", Dimensions: 256})
	if err != nil {
		t.Fatalf("go-openai: %v", err)
	}
	for j, v := range vecs[0] {
		if norm(v) < 0.999 || norm(v) > 1.001 {
			t.Errorf("vector %d has norm %v", j, norm(v))
		}
		for k := range v {
			if float32(v[k]) != float32(vecs[1][j][k]) || float32(v[k]) != gresp.Data[j].Embedding[k] {
				t.Fatalf("vector %d component %d differs between float, base64 and go-openai", j, k)
			}
		}
	}
	if near, far := dot(vecs[0][0], vecs[0][1]), dot(vecs[0][0], vecs[0][2]); near <= far {
		t.Errorf("similar texts %.3f not closer than unrelated %.3f", near, far)
	}
	if resp, body, _ := post(t, srv, "/v1/embeddings", `{"model":"e","input":"x"}`); resp.StatusCode != 200 || !strings.Contains(string(body), `"prompt_tokens":1`) {
		t.Errorf("default dims request: %d %s", resp.StatusCode, body[:min(len(body), 80)])
	}
}

func norm(v []float64) float64 { return math.Sqrt(dot(v, v)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

type usageJSON struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}
