package profile

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Problem is one thing wrong with a profile, at a dotted key path such as
// "ingest.id.pointer" or "setup[1].json".
type Problem struct {
	Path string
	Msg  string
}

var (
	nameRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	headerRE = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
)

type checker struct{ probs []Problem }

func (c *checker) errf(path, format string, args ...any) {
	c.probs = append(c.probs, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) template(path, t string, allowed ...string) {
	if err := checkTemplate(t, allowed); err != nil {
		c.errf(path, "%v", err)
	}
}

func (c *checker) jsonTemplate(path, t string, allowed ...string) {
	if t == "" {
		return
	}
	if err := checkJSONTemplate(t, allowed); err != nil {
		c.errf(path, "%v", err)
	}
}

func (c *checker) pointer(path, p string) {
	if _, err := ParsePointer(p); err != nil {
		c.errf(path, "%v", err)
	}
}

func (c *checker) statuses(path string, ss []int) {
	for i, s := range ss {
		if s < 100 || s > 599 {
			c.errf(fmt.Sprintf("%s[%d]", path, i), "HTTP status %d is not in 100..599", s)
		}
	}
}

func (c *checker) method(path, m string) {
	if !slices.Contains([]string{"GET", "POST", "PUT", "PATCH", "DELETE"}, m) {
		c.errf(path, "method %q: want GET, POST, PUT, PATCH or DELETE", m)
	}
}

func (c *checker) headers(path string, h map[string]string, allowed ...string) {
	for _, k := range sortedKeys(h) {
		if !headerRE.MatchString(k) {
			c.errf(path+"."+k, "invalid header name %q", k)
		}
		c.template(path+"."+k, h[k], allowed...)
	}
}

// Validate fills in defaults and reports every problem.
func (p *Profile) Validate() []Problem {
	p.defaults()
	c := &checker{}
	if p.Name != "" && !nameRE.MatchString(p.Name) {
		c.errf("name", "%q: use lower-case letters, digits, '.', '_' and '-'", p.Name)
	}
	for i := range p.Setup {
		c.setup(fmt.Sprintf("setup[%d]", i), &p.Setup[i])
	}
	c.ingest(&p.Ingest)
	c.state(&p.State)
	if len(p.Health.Paths) == 0 {
		c.errf("health.paths", "at least one path")
	}
	for i, hp := range p.Health.Paths {
		c.template(fmt.Sprintf("health.paths[%d]", i), hp)
	}
	c.statuses("health.status", p.Health.Status)
	c.template("admin.metrics", p.Admin.Metrics)
	c.template("admin.pprof", p.Admin.Pprof)
	return c.probs
}

func (p *Profile) defaults() {
	for i := range p.Setup {
		r := &p.Setup[i]
		if r.Method == "" {
			r.Method = map[bool]string{true: "POST", false: "GET"}[r.JSON != ""]
		}
		if r.Name == "" {
			r.Name = fmt.Sprintf("setup[%d] %s %s", i, r.Method, r.Path)
		}
	}
	if p.Ingest.Method == "" {
		p.Ingest.Method = DefaultMethod
	}
	if m := p.Ingest.Multipart; m != nil {
		m.File.Field = cmpOr(m.File.Field, "file")
		m.File.Filename = cmpOr(m.File.Filename, "{{filename}}")
		m.File.ContentType = cmpOr(m.File.ContentType, "text/markdown")
	}
	if p.State.Poll == 0 {
		p.State.Poll = DefaultStatePoll
	}
	if p.State.Timeout == 0 {
		p.State.Timeout = DefaultStateTimout
	}
	if c := p.State.Count; c != nil && c.Method == "" {
		c.Method = map[bool]string{true: "POST", false: "GET"}[c.JSON != ""]
	}
	if len(p.Health.Paths) == 0 {
		p.Health.Paths = []string{DefaultHealthPath}
	}
	if len(p.Health.Status) == 0 {
		p.Health.Status = []int{http.StatusOK}
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *checker) setup(path string, r *Request) {
	c.method(path+".method", r.Method)
	if r.Path == "" {
		c.errf(path+".path", "required")
	}
	c.template(path+".path", r.Path)
	c.headers(path+".headers", r.Headers)
	c.jsonTemplate(path+".json", r.JSON)
	c.statuses(path+".status", r.Status)
}

func (c *checker) ingest(in *Ingest) {
	c.method("ingest.method", in.Method)
	if in.Path == "" {
		c.errf("ingest.path", "required")
	}
	c.template("ingest.path", in.Path, DocNames...)
	c.headers("ingest.headers", in.Headers, DocNames...)
	switch {
	case in.JSON != "" && in.Multipart != nil:
		c.errf("ingest.multipart", "give json or multipart, not both")
	case in.JSON == "" && in.Multipart == nil:
		c.errf("ingest", "needs a body: json or multipart")
	}
	c.jsonTemplate("ingest.json", in.JSON, DocNames...)
	if m := in.Multipart; m != nil {
		c.template("ingest.multipart.file.filename", m.File.Filename, DocNames...)
		for _, k := range sortedKeys(m.Fields) {
			c.template("ingest.multipart.fields."+k, m.Fields[k], DocNames...)
		}
	}
	if len(in.Accepted) == 0 {
		c.errf("ingest.accepted", "required: the statuses that mean the document was accepted")
	}
	c.statuses("ingest.accepted", in.Accepted)
	switch {
	case (in.ID.Pointer == "") == (in.ID.Template == ""):
		c.errf("ingest.id", "give exactly one of pointer (where the answer has the id) and template (the id the request set)")
	case in.ID.Template != "":
		c.template("ingest.id.template", in.ID.Template, DocNames...)
	default:
		c.pointer("ingest.id.pointer", in.ID.Pointer)
	}
	for i, e := range in.Error {
		c.pointer(fmt.Sprintf("ingest.error[%d]", i), e)
	}
}

func (c *checker) state(s *State) {
	if s.Series == nil && s.List == nil && s.Document == nil && s.Count == nil {
		c.errf("state", "needs a source: series, list, document or count")
	}
	if s.Poll < 0 || s.Timeout < 0 {
		c.errf("state", "poll and timeout must be positive")
	}
	if x := s.Series; x != nil {
		c.required("state.series.metric", x.Metric)
		c.required("state.series.label", x.Label)
		c.done("state.series.done", x.Done)
	}
	if x := s.List; x != nil {
		c.required("state.list.path", x.Path)
		c.template("state.list.path", x.Path, VarPage)
		for _, kv := range [][2]string{{"items", x.Items}, {"total", x.Total}, {"id", x.ID}, {"status", x.Status}, {"updated_at", x.UpdatedAt}} {
			c.pointer("state.list."+kv[0], kv[1])
		}
		c.required("state.list.id", x.ID)
		c.required("state.list.status", x.Status)
		c.done("state.list.done", x.Done)
	}
	if x := s.Document; x != nil {
		c.required("state.document.path", x.Path)
		c.template("state.document.path", x.Path, VarDocID)
		if x.Path != "" && !strings.Contains(strings.ReplaceAll(x.Path, " ", ""), "{{"+VarDocID+"}}") {
			c.errf("state.document.path", "must name the document: {{doc_id}}")
		}
		c.pointer("state.document.status", x.Status)
		c.done("state.document.done", x.Done)
	}
	if x := s.Count; x != nil {
		c.method("state.count.method", x.Method)
		c.required("state.count.path", x.Path)
		c.template("state.count.path", x.Path)
		c.jsonTemplate("state.count.json", x.JSON)
		c.required("state.count.done", x.Done)
		c.pointer("state.count.done", x.Done)
	}
}

func (c *checker) required(path, v string) {
	if v == "" {
		c.errf(path, "required")
	}
}

func (c *checker) done(path string, vals []string) {
	if len(vals) == 0 {
		c.errf(path, "required: the values that mean a document is done")
	}
}
