package ingest

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code of the API's error envelope.
type Code string

// The error codes. package server maps each to one HTTP status.
const (
	CodeValidation      Code = "VALIDATION_ERROR"  // bad field value
	CodePathTraversal   Code = "PATH_TRAVERSAL"    // a name tried to leave its directory
	CodeMalformed       Code = "MALFORMED_REQUEST" // unreadable multipart or JSON body
	CodeTooLarge        Code = "PAYLOAD_TOO_LARGE" // body over the upload limit
	CodeExtractionEmpty Code = "EXTRACTION_EMPTY"  // the LLM found no usable topics
)

// Error is a client-side problem with an upload: which field, what is wrong.
type Error struct {
	Code    Code
	Field   string // form field or part name; empty when not about one field
	Message string
	Err     error // cause, if any
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func inputErr(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns err's Code if it is (or wraps) an *Error.
func CodeOf(err error) (Code, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Code, true
	}
	return "", false
}
