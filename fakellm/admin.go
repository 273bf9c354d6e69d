package fakellm

import (
	"encoding/json"
	"io"
	"net/http"
)

// maxPlanBytes caps PUT /admin/plan bodies.
const maxPlanBytes = 1 << 20

func (s *Server) getPlan(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Plan())
}

// putPlan replaces the plan with the JSON or YAML body. An invalid plan is
// answered 400 with what and where; the old plan stays in force.
func (s *Server) putPlan(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPlanBytes))
	if err != nil {
		writeResponse(w, apiError(http.StatusRequestEntityTooLarge, "plan: "+err.Error(), "invalid_request_error", "", ""))
		return
	}
	p, err := ParsePlan(body)
	if err == nil {
		err = s.SetPlan(p)
	}
	if err != nil {
		writeResponse(w, apiError(http.StatusBadRequest, "plan rejected: "+err.Error(), "invalid_request_error", "", "invalid_plan"))
		return
	}
	s.log.Info("fakellm plan replaced", "rules", len(p.Rules))
	writeJSON(w, http.StatusOK, p)
}

// patchPlan merges the body (a plan whose rules replace same-named rules
// and are otherwise appended; see Plan.Merge) into the plan in force.
func (s *Server) patchPlan(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPlanBytes))
	if err != nil {
		writeResponse(w, apiError(http.StatusRequestEntityTooLarge, "plan: "+err.Error(), "invalid_request_error", "", ""))
		return
	}
	patch, err := ParsePlan(body)
	var merged *Plan
	if err == nil {
		merged = s.Plan().Merge(patch)
		err = s.SetPlan(merged)
	}
	if err != nil {
		writeResponse(w, apiError(http.StatusBadRequest, "plan patch rejected: "+err.Error(), "invalid_request_error", "", "invalid_plan"))
		return
	}
	s.log.Info("fakellm plan patched", "rules", len(merged.Rules))
	writeJSON(w, http.StatusOK, merged)
}

func (s *Server) postReset(w http.ResponseWriter, _ *http.Request) {
	s.Reset()
	writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

func (s *Server) getJournal(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Journal())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeResponse(w, apiError(http.StatusInternalServerError, err.Error(), "server_error", "", ""))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
