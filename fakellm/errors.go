package fakellm

import (
	"encoding/json"
	"net/http"
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
	return &Response{Status: status, Body: b, Err: true}
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
	return &Response{Status: http.StatusServiceUnavailable, Body: b}
}

// contentTypeJSON is the Content-Type of every JSON answer.
const contentTypeJSON = "application/json"

// contentTypeSSE is the Content-Type of every stream answer.
const contentTypeSSE = "text/event-stream; charset=utf-8"

// writeResponse writes r whole, outside any exchange (admin, shutdown).
func writeResponse(w http.ResponseWriter, r *Response) {
	var vals headerValues
	r.setHeaders(w.Header(), &vals)
	w.WriteHeader(r.Status)
	w.Write(r.Body)
}
