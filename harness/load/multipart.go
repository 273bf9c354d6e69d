package load

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"sort"
)

// encodeUpload builds the multipart/form-data body for one document: the
// file part, title, optional category_id and the extra fields (sorted, so the
// same document and boundary always give the same bytes).
func encodeUpload(d Doc, fields map[string]string, boundary string) (body []byte, contentType string, err error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(boundary); err != nil {
		return nil, "", fmt.Errorf("multipart boundary: %w", err)
	}
	if err := writeFile(w, d); err != nil {
		return nil, "", err
	}
	all := map[string]string{"title": d.Title}
	if d.Category != "" {
		all["category_id"] = d.Category
	}
	for k, v := range fields {
		all[k] = v
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := w.WriteField(k, all[k]); err != nil {
			return nil, "", fmt.Errorf("multipart field %s: %w", k, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("multipart close: %w", err)
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func writeFile(w *multipart.Writer, d Doc) error {
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", d.Filename))
	h.Set("Content-Type", "text/markdown")
	part, err := w.CreatePart(h)
	if err != nil {
		return fmt.Errorf("multipart file part: %w", err)
	}
	if _, err := part.Write(d.Content); err != nil {
		return fmt.Errorf("multipart file part: %w", err)
	}
	return nil
}

// boundaryFor gives upload ordinal n a fixed boundary, so bodies are
// reproducible byte for byte.
func boundaryFor(n int) string { return fmt.Sprintf("hangar-upload-%08d", n) }
