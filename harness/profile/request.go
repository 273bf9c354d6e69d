package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
)

// Built is a rendered request.
type Built struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// NewRequest turns b into an *http.Request.
func (b Built) NewRequest() (*http.Request, error) {
	req, err := http.NewRequest(b.Method, b.URL, bytes.NewReader(b.Body))
	if err != nil {
		return nil, err
	}
	req.Header = b.Header.Clone()
	return req, nil
}

// joinURL resolves a rendered path against the API base URL; an absolute
// http(s) URL stands on its own.
func joinURL(base, path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return strings.TrimRight(base, "/") + "/" + strings.TrimLeft(path, "/")
}

// build renders method, path, headers and a JSON body.
func build(base, method, path string, headers map[string]string, jsonBody string, v Vars) (Built, error) {
	p, err := render(path, modePath, v)
	if err != nil {
		return Built{}, fmt.Errorf("path: %w", err)
	}
	b := Built{Method: method, URL: joinURL(base, p), Header: http.Header{}}
	for _, k := range sortedKeys(headers) {
		hv, err := render(headers[k], modeText, v)
		if err != nil {
			return Built{}, fmt.Errorf("headers.%s: %w", k, err)
		}
		b.Header.Set(k, hv)
	}
	if jsonBody != "" {
		body, err := render(jsonBody, modeJSON, v)
		if err != nil {
			return Built{}, fmt.Errorf("json: %w", err)
		}
		b.Body = []byte(body)
		if b.Header.Get("Content-Type") == "" {
			b.Header.Set("Content-Type", "application/json")
		}
	}
	return b, nil
}

// Setup renders setup request i.
func (p *Profile) SetupRequest(i int, base string, v Vars) (Built, error) {
	r := p.Setup[i]
	return build(base, r.Method, r.Path, r.Headers, r.JSON, v)
}

// IngestRequest renders the ingest request for v.Doc; boundary fixes the
// multipart boundary so the same document always gives the same bytes.
func (p *Profile) IngestRequest(base string, v Vars, boundary string) (Built, error) {
	in := p.Ingest
	b, err := build(base, in.Method, in.Path, in.Headers, in.JSON, v)
	if err != nil || in.Multipart == nil {
		return b, err
	}
	body, ctype, err := encodeMultipart(in.Multipart, v, boundary)
	if err != nil {
		return Built{}, err
	}
	b.Body = body
	b.Header.Set("Content-Type", ctype)
	return b, nil
}

func encodeMultipart(m *Multipart, v Vars, boundary string) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(boundary); err != nil {
		return nil, "", fmt.Errorf("multipart boundary: %w", err)
	}
	name, err := render(m.File.Filename, modeText, v)
	if err != nil {
		return nil, "", fmt.Errorf("multipart.file.filename: %w", err)
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", multipart.FileContentDisposition(m.File.Field, name))
	h.Set("Content-Type", m.File.ContentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", fmt.Errorf("multipart file part: %w", err)
	}
	if v.Doc != nil {
		_, _ = part.Write([]byte(v.Doc.Text)) // a bytes.Buffer does not fail
	}
	for _, k := range sortedKeys(m.Fields) {
		fv, err := render(m.Fields[k], modeText, v)
		if err != nil {
			return nil, "", fmt.Errorf("multipart.fields.%s: %w", k, err)
		}
		if fv == "" {
			continue
		}
		if err := w.WriteField(k, fv); err != nil {
			return nil, "", fmt.Errorf("multipart field %s: %w", k, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("multipart close: %w", err)
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// Answer is what an ingest answer says.
type Answer struct {
	Accepted bool
	ID       string
	// Error is the target's message for a rejected document, or why the
	// id could not be read from an accepted one.
	Error string
}

// ReadAnswer classifies an ingest answer; v is what the request was
// rendered from (for an id the template set).
func (p *Profile) ReadAnswer(status int, body []byte, v Vars) Answer {
	in := p.Ingest
	if !slices.Contains(in.Accepted, status) {
		return Answer{Error: p.errorMessage(body)}
	}
	a := Answer{Accepted: true}
	if in.ID.Template != "" {
		id, err := render(in.ID.Template, modeText, v)
		if err != nil {
			a.Error = "id: " + err.Error()
		}
		a.ID = id
		return a
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		a.Error = fmt.Sprintf("answer is not JSON: %v", err)
		return a
	}
	ptr, _ := ParsePointer(in.ID.Pointer) // validated at load
	id, err := ptr.GetString(doc)
	if err != nil {
		a.Error = "id: " + err.Error()
	}
	a.ID = id
	return a
}

func (p *Profile) errorMessage(body []byte) string {
	if len(p.Ingest.Error) == 0 || len(body) == 0 {
		return ""
	}
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return ""
	}
	var parts []string
	for _, e := range p.Ingest.Error {
		ptr, _ := ParsePointer(e) // validated at load
		if msg, err := ptr.GetString(doc); err == nil {
			parts = append(parts, msg)
		}
	}
	return strings.Join(parts, ": ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
