package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hangarhq/hangar/internal/loopback"
	"github.com/hangarhq/hangar/internal/strictyaml"
)

// Limits on scenario values; beyond them a value is surely a mistake.
const (
	MaxDuration    = 24 * time.Hour
	MaxUploads     = 100_000
	MaxUploadSize  = 64 * MiB
	MaxConcurrency = 1024
)

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// validator holds the semantic checks, all in this one place. It reports
// through the decoder, at the positions it recorded.
type validator struct {
	*strictyaml.Decoder
	files files
	s     *Scenario
}

func (v *validator) given(path string) bool { return v.Positions().Has(path) }

// at is the position of path's value, or of its nearest given parent.
func (v *validator) at(path string) Pos { return v.Positions().Of(path) }

func (v *validator) errf(path, format string, args ...any) { v.Errorf(path, format, args...) }

// positive reports a given duration that is not positive.
func (v *validator) positive(path string, d time.Duration) {
	if v.given(path) && d <= 0 {
		v.errf(path, "must be positive, got %s", d)
	}
}

func (v *validator) validate() {
	s := v.s
	switch {
	case s.Name == "":
		v.errf("name", "required")
	case !nameRE.MatchString(s.Name):
		v.errf("name", "%q: use lower-case letters, digits, '.', '_' and '-'", s.Name)
	}
	switch {
	case !v.given("duration"):
		v.errf("duration", "required (the hard stop for the whole run)")
	case s.Duration <= 0 || s.Duration > MaxDuration:
		v.errf("duration", "must be positive and at most 24h, got %s", s.Duration)
	}
	v.server()
	v.api()
	v.llm()
	v.uploads()
	v.probes()
	v.timeline()
	v.expect()
	v.expectFailures()
}

func (v *validator) server() {
	sv := &v.s.Target.Server
	caps, known := v.caps()
	if !known {
		v.errf("target.server.launch", "unknown launch %q (want one of %s)", sv.Launch, joinQuoted(Launches()))
	} else {
		v.accepted(caps.Accepts)
		v.process(caps)
	}
	if sv.URL != "" && !caps.Placeholders {
		if err := loopback.CheckURL(sv.URL); err != nil {
			v.errf("target.server.url", "%v", err)
		}
	}
	if sv.AdminURL != "" && !caps.Placeholders {
		if err := loopback.CheckURL(sv.AdminURL); err != nil {
			v.errf("target.server.admin_url", "%v", err)
		}
	}
	for i, d := range sv.Defects {
		path := fmt.Sprintf("target.server.defects[%d]", i)
		switch {
		case !slices.Contains(DefectNames(), d):
			v.errf(path, "unknown defect %q (want one of %s)", d, joinQuoted(DefectNames()))
		case slices.Index(sv.Defects, d) < i:
			v.errf(path, "defect %q listed twice", d)
		}
	}
	v.resources()
	for k := range sv.Env {
		if k == "" || strings.ContainsAny(k, "=\x00") {
			v.errf("target.server.env."+k, "invalid environment variable name %q", k)
		}
	}
}

// pathErr drops the operation and path from file system errors; messages
// name the file themselves.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func joinQuoted[T ~string](vals []T) string {
	q := make([]string, len(vals))
	for i, s := range vals {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
