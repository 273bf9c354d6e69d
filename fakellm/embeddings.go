package fakellm

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
)

type embeddingRequest struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	EncodingFormat string          `json:"encoding_format"`
	Dimensions     *int            `json:"dimensions"`
}

// decodeEmbedding decodes a request; input is a string, an array of
// strings, an array of token ids or an array of such arrays.
func decodeEmbedding(body []byte, defaultDim int) (*embeddingRequest, []string, int, string, error) {
	var req embeddingRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, nil, 0, "", fmt.Errorf("could not parse the JSON body of your request: %v", err)
	}
	if req.Model == "" {
		return nil, nil, 0, "model", fmt.Errorf("you must provide a model parameter")
	}
	inputs, err := embeddingInputs(req.Input)
	if err != nil {
		return nil, nil, 0, "input", err
	}
	switch req.EncodingFormat {
	case "", "float", "base64":
	default:
		return nil, nil, 0, "encoding_format", fmt.Errorf("encoding_format must be float or base64, got %q", req.EncodingFormat)
	}
	dim := defaultDim
	if req.Dimensions != nil {
		dim = *req.Dimensions
		if dim < 1 || dim > maxEmbeddingDim {
			return nil, nil, 0, "dimensions", fmt.Errorf("dimensions must be in [1, %d], got %d", maxEmbeddingDim, dim)
		}
	}
	return &req, inputs, dim, "", nil
}

func embeddingInputs(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	var one string
	if json.Unmarshal(raw, &one) == nil {
		if one == "" {
			return nil, fmt.Errorf("'input' must not be empty")
		}
		return []string{one}, nil
	}
	var many []json.RawMessage
	if err := json.Unmarshal(raw, &many); err != nil || len(many) == 0 {
		return nil, fmt.Errorf("'input' must be a non-empty string or array")
	}
	out := make([]string, len(many))
	for i, m := range many {
		if err := json.Unmarshal(m, &out[i]); err == nil {
			if out[i] == "" {
				return nil, fmt.Errorf("'input[%d]' must not be empty", i)
			}
			continue
		}
		var ids []int
		if err := json.Unmarshal(m, &ids); err != nil {
			var id int
			if json.Unmarshal(m, &id) != nil {
				return nil, fmt.Errorf("'input[%d]' must be a string or token ids", i)
			}
			ids = []int{id}
		}
		out[i] = fmt.Sprint(ids)
	}
	return out, nil
}

func (s *Server) parseEmbeddings(_ *http.Request, body []byte) request {
	req, inputs, dim, param, err := decodeEmbedding(body, s.cfg.EmbeddingDim)
	if err != nil {
		return request{resp: apiError(http.StatusBadRequest, err.Error(), "invalid_request_error", param, "")}
	}
	out := request{model: req.Model, prompt: strings.Join(inputs, "\n")}
	if bad := s.checkModel(req.Model); bad != nil {
		out.resp = bad
		return out
	}
	out.resp = s.embeddingResponse(req.Model, inputs, dim, req.EncodingFormat == "base64")
	return out
}

func (s *Server) embeddingResponse(model string, inputs []string, dim int, b64 bool) *Response {
	var b bytes.Buffer
	b.Grow(len(inputs) * (dim*2 + 64))
	b.WriteString(`{"object":"list","data":[`)
	tokens := 0
	vec := make([]float32, dim)
	for i, in := range inputs {
		tokens += countTokens(in)
		embed(s.cfg.Seed, in, vec)
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"object":"embedding","index":` + strconv.Itoa(i) + `,"embedding":`)
		writeVector(&b, vec, b64)
		b.WriteByte('}')
	}
	b.WriteString(`],"model":` + quote(model) + `,"usage":{"prompt_tokens":` + strconv.Itoa(tokens) +
		`,"total_tokens":` + strconv.Itoa(tokens) + `}}`)
	return &Response{Status: http.StatusOK, Body: b.Bytes(), PromptTokens: tokens}
}

func writeVector(b *bytes.Buffer, vec []float32, b64 bool) {
	if b64 {
		raw := make([]byte, 4*len(vec))
		for i, f := range vec {
			binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(f))
		}
		b.WriteByte('"')
		b.WriteString(base64.StdEncoding.EncodeToString(raw))
		b.WriteByte('"')
		return
	}
	b.WriteByte('[')
	var num [24]byte
	for i, f := range vec {
		if i > 0 {
			b.WriteByte(',')
		}
		if f == 0 { // most components of a feature-hashed vector
			b.WriteByte('0')
			continue
		}
		b.Write(strconv.AppendFloat(num[:0], float64(f), 'g', -1, 32))
	}
	b.WriteByte(']')
}

// embed fills vec with a deterministic unit vector for text: feature
// hashing of its lower-cased words (each word adds ±1 at a few hashed
// positions), so texts sharing words have a high cosine similarity.
func embed(seed int64, text string, vec []float32) {
	clear(vec)
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !isWord(r) })
	if len(words) == 0 {
		words = []string{text}
	}
	for _, w := range words {
		h := digest(seed, []byte(w))
		for k := 0; k < 4; k++ {
			idx := int(((h >> (16 * k)) & 0xffff) % uint64(len(vec)))
			if (h>>(16*k+15))&1 == 1 {
				vec[idx]--
			} else {
				vec[idx]++
			}
		}
	}
	var norm float64
	for _, f := range vec {
		norm += float64(f) * float64(f)
	}
	if norm == 0 {
		vec[0], norm = 1, 1
	}
	inv := float32(1 / math.Sqrt(norm))
	for i := range vec {
		vec[i] *= inv
	}
}
