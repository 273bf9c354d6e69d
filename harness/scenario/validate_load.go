package scenario

import (
	"fmt"

	"github.com/hangarhq/hangar/fakellm"
	"github.com/hangarhq/hangar/internal/strictyaml"
)

func (v *validator) llm() {
	v.llmLaunch()
	llm := &v.s.Target.LLM
	if llm.Plan != nil && llm.PlanFile != "" {
		v.errf("target.llm.plan_file", "give plan or plan_file, not both")
		return
	}
	if llm.PlanFile != "" {
		llm.Plan = v.readPlan("target.llm.plan_file", llm.PlanFile)
		return
	}
	v.plan("target.llm.plan", llm.Plan)
}

// readPlan loads and checks a plan file named at path.
func (v *validator) readPlan(path, rel string) *Plan {
	file := v.files.resolve(rel)
	data, err := v.files.read(file)
	if err != nil {
		v.errf(path, "cannot read plan file %q: %v", rel, pathErr(err))
		return nil
	}
	n, err := fakellm.ParsePlanNode(rel, data)
	if err == nil {
		var dec *fakellm.Plan
		if dec, err = decodePlan(n); err == nil {
			return &Plan{Node: n, File: file, Decoded: dec}
		}
	}
	for _, e := range planErrors(err) {
		e.File = rel
		v.errf(path, "%s", e)
	}
	return nil
}

// plan checks an inline plan; its errors point into the scenario file.
func (v *validator) plan(path string, p *Plan) {
	if p == nil {
		return
	}
	dec, err := decodePlan(p.Node)
	if err == nil {
		p.Decoded = dec
		return
	}
	for _, e := range planErrors(err) {
		at := strictyaml.Join(path, e.Path)
		if e.Line == 0 {
			v.errf(at, "%s", e.Msg)
			continue
		}
		v.ErrorAt(Pos{Line: e.Line, Col: e.Col}, at, "%s", e.Msg)
	}
}

func (v *validator) uploads() {
	const base = "load.uploads."
	u := &v.s.Load.Uploads
	switch {
	case !v.given(base + "count"):
		v.errf(base+"count", "required")
	case u.Count < 1 || u.Count > MaxUploads:
		v.errf(base+"count", "must be between 1 and %d, got %d", MaxUploads, u.Count)
	}
	if u.Size < 1 || u.Size > MaxUploadSize {
		v.errf(base+"size", "must be between 1B and %s, got %s", MaxUploadSize, u.Size)
	}
	if u.Interval < 0 {
		v.errf(base+"interval", "must not be negative, got %s", u.Interval)
	}
	if v.given(base+"interval") && v.given(base+"rate") {
		v.errf(base+"rate", "give interval or rate, not both")
	}
	if u.Concurrency < 1 || u.Concurrency > MaxConcurrency {
		v.errf(base+"concurrency", "must be between 1 and %d, got %d", MaxConcurrency, u.Concurrency)
	}
	v.positive(base+"timeout", u.Timeout)
	if u.Corpus.Kind == CorpusDir {
		v.corpusDir(base+"corpus", u)
	}
}

func (v *validator) corpusDir(path string, u *Uploads) {
	dir := v.files.resolve(u.Corpus.Dir)
	ok, err := v.files.isDir(dir)
	switch {
	case err != nil:
		v.errf(path, "corpus dir %q: %v", u.Corpus.Dir, pathErr(err))
	case !ok:
		v.errf(path, "corpus dir %q is not a directory", u.Corpus.Dir)
	default:
		u.Corpus.Dir = dir
	}
}

func (v *validator) probes() {
	h := v.s.Probes.Health
	v.positive("probes.health.interval", h.Interval)
	v.positive("probes.health.timeout", h.Timeout)
	if v.given("probes.health.path") && (len(h.Path) == 0 || h.Path[0] != '/') {
		v.errf("probes.health.path", "must start with '/', got %q", h.Path)
	}
	v.positive("probes.metrics.interval", v.s.Probes.Metrics.Interval)
}

func (v *validator) timeline() {
	for i := range v.s.Timeline {
		v.step(i, &v.s.Timeline[i])
	}
}

func (v *validator) step(i int, st *Step) {
	path := fmt.Sprintf("timeline[%d]", i)
	st.Line = v.at(path).Line
	switch {
	case st.At != nil && st.AfterUploads != nil:
		v.errf(path+".after_uploads", "give at or after_uploads, not both")
	case st.At == nil && st.AfterUploads == nil:
		v.errf(path, "needs a trigger: at or after_uploads")
	case st.At != nil && (*st.At < 0 || *st.At >= v.s.Duration):
		v.errf(path+".at", "must be within the run (0s <= at < duration %s), got %s", v.s.Duration, *st.At)
	case st.AfterUploads != nil && (*st.AfterUploads < 0 || *st.AfterUploads > v.s.Load.Uploads.Count):
		v.errf(path+".after_uploads", "must be between 0 and load.uploads.count (%d), got %d", v.s.Load.Uploads.Count, *st.AfterUploads)
	}
	if !st.hasAction() {
		v.errf(path, "needs an action: llm_plan, server, llm or network")
	}
	v.plan(path+".llm_plan", st.LLMPlan)
	v.serverStep(path, st)
	v.containerStep(path, st)
}
