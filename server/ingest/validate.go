package ingest

import (
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Upload is one document as received from the API.
type Upload struct {
	Title      string
	CategoryID string // optional; classified when empty
	SourceType string // optional; "file" when empty
	AppID      string // optional; DefaultAppID when empty
	ProjectID  string // optional; DefaultProjectID when empty
	FileName   string // the client's file name, raw (before any cleaning)
	Content    []byte
}

// Defaults for optional upload fields.
const (
	DefaultAppID      = "default"
	DefaultProjectID  = "default"
	DefaultSourceType = "file"
	MaxTitleRunes     = 256
	MaxFileNameBytes  = 255
)

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// Normalize fills defaults and validates u. It returns the first problem as
// an *Error naming the field; nothing is written before this passes.
func Normalize(u Upload) (Upload, error) {
	u.Title = strings.TrimSpace(u.Title)
	u.CategoryID = strings.TrimSpace(u.CategoryID)
	u.SourceType = orDefault(strings.TrimSpace(u.SourceType), DefaultSourceType)
	u.AppID = orDefault(strings.TrimSpace(u.AppID), DefaultAppID)
	u.ProjectID = orDefault(strings.TrimSpace(u.ProjectID), DefaultProjectID)
	checks := []func(Upload) error{checkTitle, checkFileName, checkNames, checkContent}
	for _, check := range checks {
		if err := check(u); err != nil {
			return Upload{}, err
		}
	}
	return u, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// checkText rejects what no text field may hold: invalid UTF-8, NUL and
// other control characters, and path traversal.
func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return inputErr(CodeValidation, field, "is not valid UTF-8")
	}
	if traverses(s) {
		return inputErr(CodePathTraversal, field, "%q would escape its directory (.., absolute path or NUL)", s)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return inputErr(CodeValidation, field, "contains control character %U", r)
		}
	}
	return nil
}

// traverses reports a NUL, an absolute path (Unix, UNC or drive letter) or a
// ".." path element, with either slash.
func traverses(s string) bool {
	if strings.ContainsRune(s, 0) {
		return true
	}
	p := strings.ReplaceAll(s, `\`, "/")
	if path.IsAbs(p) || len(p) >= 2 && p[1] == ':' && unicode.IsLetter(rune(p[0])) {
		return true
	}
	for _, el := range strings.Split(p, "/") {
		if el == ".." {
			return true
		}
	}
	return false
}

func checkTitle(u Upload) error {
	if u.Title == "" {
		return inputErr(CodeValidation, "title", "is required")
	}
	if err := checkText("title", u.Title); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(u.Title); n > MaxTitleRunes {
		return inputErr(CodeValidation, "title", "has %d characters, at most %d allowed", n, MaxTitleRunes)
	}
	if Slug(u.Title) == "" {
		return inputErr(CodeValidation, "title", "%q has no letter or digit", u.Title)
	}
	return nil
}

func checkFileName(u Upload) error {
	if u.FileName == "" {
		return nil
	}
	if err := checkText("file", u.FileName); err != nil {
		return err
	}
	if len(u.FileName) > MaxFileNameBytes {
		return inputErr(CodeValidation, "file", "file name has %d bytes, at most %d allowed", len(u.FileName), MaxFileNameBytes)
	}
	return nil
}

// checkNames validates the fields that become directory names.
func checkNames(u Upload) error {
	for _, f := range []struct{ field, v string }{
		{"category_id", u.CategoryID}, {"app_id", u.AppID}, {"project_id", u.ProjectID}, {"source_type", u.SourceType},
	} {
		if f.v == "" {
			continue
		}
		if err := checkText(f.field, f.v); err != nil {
			return err
		}
		if !safeName.MatchString(f.v) || strings.Contains(f.v, "..") {
			return inputErr(CodeValidation, f.field, "%q must be 1-64 of A-Z a-z 0-9 _ . - starting with a letter or digit", f.v)
		}
	}
	return nil
}

func checkContent(u Upload) error {
	if len(u.Content) == 0 {
		return inputErr(CodeValidation, "file", "is empty")
	}
	if !utf8.Valid(u.Content) {
		return inputErr(CodeValidation, "file", "is not UTF-8 text")
	}
	if len(Paragraphs(string(u.Content))) == 0 {
		return inputErr(CodeValidation, "file", "has no text")
	}
	return nil
}

// Slug is the directory-safe form of a title: lower-case letters and digits
// of any script, other runs replaced by "_", at most 64 runes. Empty when
// the title has no letter or digit.
func Slug(title string) string {
	var b strings.Builder
	gap, n := false, 0
	for _, r := range strings.ToLower(title) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
			n++
		}
		gap = false
		if n >= 64 {
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSuffix(b.String(), "_")
}

// SafeFileName is the base name the original file is kept under.
func SafeFileName(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	var b strings.Builder
	for _, r := range base {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-", r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := strings.TrimLeft(b.String(), ".")
	if s == "" || s == "_" {
		return "original.txt"
	}
	return s
}
