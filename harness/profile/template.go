package profile

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hangarhq/hangar/internal/placeholder"
)

// Document placeholders, for ingest templates.
const (
	VarTitle    = "title"    // the document's title
	VarText     = "text"     // the document's full text
	VarOrdinal  = "ordinal"  // the upload's ordinal, from 1 (a number in JSON)
	VarCategory = "category" // the corpus category, "" when none
	VarFilename = "filename" // the document's file name
	VarDocUUID  = "doc_uuid" // a UUID fixed by the run's seed and the ordinal
)

// State placeholders.
const (
	VarDocID = "doc_id" // an accepted document's id (state.document)
	VarPage  = "page"   // the list page, from 1 (state.list)
)

// DocNames are the document placeholders, sorted.
var DocNames = []string{VarCategory, VarDocUUID, VarFilename, VarOrdinal, VarText, VarTitle}

// mode says how a value is written into a template.
type mode int

const (
	modeText mode = iota // as is (headers, multipart fields, URLs)
	modeJSON             // as a JSON value
	modePath             // path-escaped, except launcher values (URLs, ports)
)

// Doc is one corpus document as templates see it.
type Doc struct {
	Ordinal  int
	Title    string
	Text     string
	Category string
	Filename string
	UUID     string
}

// Vars are the values a template renders from: the launcher's (ports,
// URLs), the document's, and the state's (doc_id, page).
type Vars struct {
	Launch placeholder.Lookup
	Doc    *Doc
	DocID  string
	Page   int
}

// value returns a placeholder's value: a string, or an int for ordinal and
// page. launcher reports whether it came from the launcher.
func (v Vars) value(name string) (val any, launcher, ok bool) {
	if d := v.Doc; d != nil {
		switch name {
		case VarTitle:
			return d.Title, false, true
		case VarText:
			return d.Text, false, true
		case VarOrdinal:
			return d.Ordinal, false, true
		case VarCategory:
			return d.Category, false, true
		case VarFilename:
			return d.Filename, false, true
		case VarDocUUID:
			return d.UUID, false, true
		}
	}
	switch {
	case name == VarDocID && v.DocID != "":
		return v.DocID, false, true
	case name == VarPage && v.Page > 0:
		return v.Page, false, true
	case v.Launch != nil:
		s, ok := v.Launch(name)
		return s, true, ok
	}
	return nil, false, false
}

// render fills in every placeholder of t, each value written as m says.
func render(t string, m mode, v Vars) (string, error) {
	return placeholder.Render(t, func(name string) (string, bool) {
		val, launcher, ok := v.value(name)
		if !ok {
			return "", false
		}
		return format(val, m, launcher), true
	})
}

func format(val any, m mode, launcher bool) string {
	switch m {
	case modeJSON:
		out, _ := json.Marshal(val) // strings and ints only: cannot fail
		return string(out)
	case modePath:
		if launcher {
			return fmt.Sprint(val)
		}
		if i, ok := val.(int); ok {
			return strconv.Itoa(i)
		}
		return url.PathEscape(val.(string))
	}
	return fmt.Sprint(val)
}

// known reports whether name may appear where allowed are the names beyond
// the launcher's.
func known(name string, allowed []string) bool {
	if slices.Contains(allowed, name) || slices.Contains(placeholder.LauncherNames, name) {
		return true
	}
	return strings.HasPrefix(name, placeholder.PortPrefix) && len(name) > len(placeholder.PortPrefix)
}

// checkTemplate reports a malformed or unknown placeholder in t.
func checkTemplate(t string, allowed []string) error {
	return placeholder.Check(t, func(n string) bool { return known(n, allowed) })
}

// checkJSONTemplate also requires t to render valid JSON with sample values.
func checkJSONTemplate(t string, allowed []string) error {
	if err := checkTemplate(t, allowed); err != nil {
		return err
	}
	sample := Vars{Doc: &Doc{Ordinal: 1, Title: "t \"q\"", Text: "a\nb", Category: "c", Filename: "f.md", UUID: DocUUID(1, 1)},
		DocID: "id", Page: 1, Launch: func(string) (string, bool) { return "x", true }}
	out, err := render(t, modeJSON, sample)
	if err != nil {
		return err
	}
	var x any
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		return fmt.Errorf("does not render valid JSON (%v); placeholders render as JSON values, so write {{title}}, not \"{{title}}\"", err)
	}
	return nil
}

// DocUUID is a version-4-shaped UUID fixed by seed and ordinal, for targets
// whose ids the client chooses.
func DocUUID(seed int64, ordinal int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("hangar-doc/%d/%d", seed, ordinal)))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
