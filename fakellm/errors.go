package fakellm

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// openAIError is the OpenAI error body: {"error": {...}}.
type openAIError struct {
	Error openAIErrorBody `json:"error"`
}

type openAIErrorBody struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

// apiError builds an error answer with an OpenAI error body.
func apiError(status int, msg, typ, param, code string) *Response {
	body := openAIErrorBody{Message: msg, Type: typ}
	if param != "" {
		body.Param = &param
	}
	if code != "" {
		body.Code = &code
	}
	b, _ := json.Marshal(openAIError{Error: body})
	return &Response{Status: status, Header: jsonHeader(len(b)), Body: b, Err: true}
}

// errorMessage returns the message of an error answer, "" otherwise.
func errorMessage(r *Response) string {
	if !r.Err {
		return ""
	}
	var e openAIError
	if json.Unmarshal(r.Body, &e) != nil {
		return string(r.Body)
	}
	return e.Error.Message
}

// loadingResponse is llama-server's answer while a model loads.
func loadingResponse() *Response {
	b := []byte(`{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`)
	return &Response{Status: http.StatusServiceUnavailable, Header: jsonHeader(len(b)), Body: b}
}

// contentTypeJSON is the Content-Type of every JSON answer.
const contentTypeJSON = "application/json"

func jsonHeader(n int) http.Header {
	return makeHeader("Content-Type", contentTypeJSON, "Content-Length", strconv.Itoa(n))
}

// sseHeader is the header of a stream answer whose X-Request-Id is id.
func sseHeader(id string) http.Header {
	return makeHeader("Content-Type", "text/event-stream; charset=utf-8", "Cache-Control", "no-cache", "X-Request-Id", id)
}

// makeHeader builds a header from key, value pairs (canonical keys, one
// value each), the values in one array: an answer is built per request.
// Each value's slice is full, so an Add copies rather than overwriting
// the next key's value.
func makeHeader(kv ...string) http.Header {
	n := len(kv) / 2
	h := make(http.Header, n)
	vals := make([]string, n)
	for i := range n {
		vals[i] = kv[2*i+1]
		h[kv[2*i]] = vals[i : i+1 : i+1]
	}
	return h
}

// writeResponse writes r whole, outside any exchange (admin, shutdown).
func writeResponse(w http.ResponseWriter, r *Response) {
	for k, v := range r.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.Status)
	w.Write(r.Body)
}
