package fakellm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

type chatRequest struct {
	Model               string          `json:"model"`
	Messages            []chatMessage   `json:"messages"`
	Stream              bool            `json:"stream"`
	StreamOptions       *streamOptions  `json:"stream_options"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	ResponseFormat      *responseFormat `json:"response_format"`

	// Room the request is answered in, so that one allocation holds the
	// usual request and its answer: the messages of a request with up to
	// four (the fast path decodes into it) and the Response.
	msgBuf [4]chatMessage
	resp   Response
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

type responseFormat struct {
	Type string `json:"type"`
}

type chatMessage struct {
	Role    string          `json:"role"`
	Content json.RawMessage `json:"content"`
	text    string
	decoded bool // text is already Content's text
}

type contentPart struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// decodeChat decodes and checks a chat request into req; the error names
// the field. (req is the caller's, so a request needs no allocation.)
func decodeChat(body []byte, req *chatRequest) (string, error) {
	if !decodeChatFast(body, req) {
		*req = chatRequest{} // start afresh: the fast path may have filled some
		if err := json.Unmarshal(body, req); err != nil {
			return "", fmt.Errorf("could not parse the JSON body of your request: %v", err)
		}
	}
	if req.Model == "" {
		return "model", fmt.Errorf("you must provide a model parameter")
	}
	if len(req.Messages) == 0 {
		return "messages", fmt.Errorf("'messages' must contain at least one message")
	}
	for i := range req.Messages {
		m := &req.Messages[i]
		if m.Role == "" {
			return fmt.Sprintf("messages[%d].role", i), fmt.Errorf("missing required parameter: 'messages[%d].role'", i)
		}
		if m.decoded {
			continue
		}
		text, err := messageText(m.Content)
		if err != nil {
			return fmt.Sprintf("messages[%d].content", i), fmt.Errorf("invalid 'messages[%d].content': %v", i, err)
		}
		m.text, m.decoded = text, true
	}
	if n := req.maxTokens(); n != nil && *n < 1 {
		return "max_tokens", fmt.Errorf("max_tokens must be at least 1, got %d", *n)
	}
	return "", nil
}

// messageText accepts a string, null, or an array of content parts.
func messageText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		if s, ok := plainString(raw); ok {
			return s, nil
		}
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	var parts []contentPart
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", fmt.Errorf("want a string or an array of content parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String(), nil
}

// plainString returns the contents of a JSON string that has no escapes,
// no control characters and only valid UTF-8, which json.Unmarshal would
// return unchanged; ok is false for any other string.
func plainString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[len(raw)-1] != '"' {
		return "", false
	}
	in := raw[1 : len(raw)-1]
	ascii := true
	for _, c := range in {
		if c < 0x20 || c == '"' || c == '\\' {
			return "", false
		}
		ascii = ascii && c < utf8.RuneSelf
	}
	if !ascii && !utf8.Valid(in) {
		return "", false
	}
	return string(in), true
}

func (r *chatRequest) maxTokens() *int {
	if r.MaxCompletionTokens != nil {
		return r.MaxCompletionTokens
	}
	return r.MaxTokens
}

// lastText is the last message's text (what match.prompt sees).
func (r *chatRequest) lastText() string { return r.Messages[len(r.Messages)-1].text }

func (s *Server) parseChat(_ *http.Request, body []byte) request {
	var req chatRequest
	param, err := decodeChat(body, &req)
	if err != nil {
		return request{resp: apiError(http.StatusBadRequest, err.Error(), "invalid_request_error", param, "")}
	}
	out := request{model: req.Model, stream: req.Stream, prompt: req.lastText()}
	if bad := s.checkModel(req.Model); bad != nil {
		out.resp = bad
		return out
	}
	out.resp = s.chatResponse(&req, body)
	return out
}

// checkModel answers 404 model_not_found when Config.Models is set and
// does not list model.
func (s *Server) checkModel(model string) *Response {
	if len(s.cfg.Models) == 0 {
		return nil
	}
	for _, m := range s.cfg.Models {
		if m == model {
			return nil
		}
	}
	return apiError(http.StatusNotFound, fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", model),
		"invalid_request_error", "model", "model_not_found")
}

func (s *Server) chatResponse(req *chatRequest, body []byte) *Response {
	d := digest(s.cfg.Seed, body)
	lastN := countTokens(req.lastText())
	text, n := answerFor(req, d, lastN)
	if n < 0 {
		n = countTokens(text)
	}
	finish := "stop"
	if m := req.maxTokens(); m != nil && n > *m {
		text, n, finish = text[:tokensEnd(text, *m)], *m, "length"
	}
	u := usage{PromptTokens: promptTokens(req.Messages, lastN), CompletionTokens: n}
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	c := completion{digest: d, model: req.Model, text: text, finish: finish, usage: u}
	resp := &req.resp
	*resp = Response{Status: http.StatusOK, PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens}
	// The header values share one string: "req_" + hex, then the length.
	var vb [48]byte
	v := appendHex16(append(vb[:0], "req_"...), d)
	if req.Stream {
		resp.Events = c.events(req.StreamOptions != nil && req.StreamOptions.IncludeUsage)
		resp.contentType, resp.requestID = contentTypeSSE, string(v)
	} else {
		resp.Body = c.json()
		vs := string(strconv.AppendInt(v, int64(len(resp.Body)), 10))
		resp.requestID, resp.length = vs[:len(v)], vs[len(v):]
	}
	return resp
}

// promptTokens counts message text plus a small per-message overhead, as
// chat templates do; lastTokens is the last message's text's count.
func promptTokens(msgs []chatMessage, lastTokens int) int {
	n := 3 + 4 + lastTokens
	for _, m := range msgs[:len(msgs)-1] {
		n += 4 + countTokens(m.text)
	}
	return n
}

// answerFor picks the answer text: an EverOS/EverAlgo JSON answer when the
// prompt is recognised, else a deterministic echo (as JSON in JSON mode).
// tokens is its token count when known without counting it (an echo that
// quotes the prompt as it is, from lastTokens, the last message's), else
// -1.
func answerFor(req *chatRequest, d uint64, lastTokens int) (text string, tokens int) {
	if a, ok := everosAnswer(req.Messages); ok {
		return a, -1
	}
	last := req.lastText()
	echo, quoted := echoAnswer(d, last)
	if rf := req.ResponseFormat; rf != nil && (rf.Type == "json_object" || rf.Type == "json_schema") {
		b, _ := json.Marshal(map[string]string{"answer": echo})
		return string(b), -1
	}
	if quoted {
		return echo, echoTokens(last, lastTokens)
	}
	return echo, -1
}
