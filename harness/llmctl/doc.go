// Package llmctl controls the fake LLM a run talks to: in process through
// the fakellm.Server methods, or out of process (a `hangar fakellm` started
// elsewhere, or in a container) through its admin API: PUT /admin/plan
// and GET /admin/journal. The runner's fault timeline only sees the
// Controller interface.
package llmctl
