package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"github.com/hangarhq/hangar/server/ingest"
)

// maxFieldBytes bounds each non-file form field.
const maxFieldBytes = 4096

// createDocument is POST /api/v1/knowledge/documents (multipart: file and
// title required; category_id, source_type, app_id, project_id optional).
// 201 with the new document; 200 with the existing one for a duplicate.
func (s *Server) createDocument(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.budget(r)
	defer cancel()
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
	u, err := parseUpload(r.Header.Get("Content-Type"), body)
	if err != nil {
		s.pipeline.Count("invalid")
		s.writeError(w, r, err)
		return
	}
	res, err := s.pipeline.Ingest(ctx, u)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusCreated
	if !res.Created {
		status = http.StatusOK
	}
	writeData(w, r, status, res)
}

// parseUpload streams a multipart/form-data body into an Upload. It keeps
// the client's raw file name (multipart's FileName() would hide a
// traversal attempt by taking its base name) for ingest to judge.
func parseUpload(contentType string, body io.Reader) (ingest.Upload, error) {
	mr, err := multipartReader(contentType, body)
	if err != nil {
		return ingest.Upload{}, err
	}
	var u ingest.Upload
	sawFile := false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ingest.Upload{}, bodyErr(err)
		}
		if err := readPart(part, &u, &sawFile); err != nil {
			return ingest.Upload{}, err
		}
	}
	if !sawFile {
		return ingest.Upload{}, &ingest.Error{Code: ingest.CodeValidation, Field: "file", Message: "is required"}
	}
	return u, nil
}

func multipartReader(contentType string, body io.Reader) (*multipart.Reader, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil, &ingest.Error{Code: ingest.CodeMalformed, Message: fmt.Sprintf("bad Content-Type %q: %v", contentType, err)}
	}
	if mt != "multipart/form-data" {
		return nil, &ingest.Error{Code: CodeUnsupportedMedia, Message: fmt.Sprintf("Content-Type is %s, want multipart/form-data", mt)}
	}
	if params["boundary"] == "" {
		return nil, &ingest.Error{Code: ingest.CodeMalformed, Message: "multipart Content-Type has no boundary"}
	}
	return multipart.NewReader(body, params["boundary"]), nil
}

// readPart consumes one part into u.
func readPart(part *multipart.Part, u *ingest.Upload, sawFile *bool) error {
	defer part.Close()
	name := part.FormName()
	if name == "file" {
		if *sawFile {
			return &ingest.Error{Code: ingest.CodeValidation, Field: "file", Message: "more than one file part"}
		}
		*sawFile = true
		u.FileName = rawFileName(part)
		data, err := io.ReadAll(part)
		if err != nil {
			return bodyErr(err)
		}
		u.Content = data
		return nil
	}
	dst := fieldTarget(u, name)
	if dst == nil {
		_, err := io.Copy(io.Discard, part) // unknown fields are ignored, as EverOS does
		return bodyErr(err)
	}
	v, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
	if err != nil {
		return bodyErr(err)
	}
	if len(v) > maxFieldBytes {
		return &ingest.Error{Code: ingest.CodeValidation, Field: name, Message: fmt.Sprintf("is longer than %d bytes", maxFieldBytes)}
	}
	*dst = string(v)
	return nil
}

func fieldTarget(u *ingest.Upload, name string) *string {
	switch name {
	case "title":
		return &u.Title
	case "category_id":
		return &u.CategoryID
	case "source_type":
		return &u.SourceType
	case "app_id":
		return &u.AppID
	case "project_id":
		return &u.ProjectID
	}
	return nil
}

// rawFileName is the filename parameter exactly as the client sent it.
func rawFileName(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return p.FileName()
	}
	return params["filename"]
}

// bodyErr keeps an over-limit error (413) and calls anything else a
// malformed body (400).
func bodyErr(err error) error {
	if err == nil {
		return nil
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return &ingest.Error{Code: ingest.CodeMalformed, Message: "malformed multipart body: " + err.Error(), Err: err}
}
