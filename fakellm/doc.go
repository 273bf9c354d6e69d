// Package fakellm is a fake OpenAI-compatible LLM server with a seeded,
// scriptable fault plan.
//
// It speaks the OpenAI wire format (/v1/chat/completions as JSON and SSE,
// /v1/embeddings, /v1/models), llama-server's /health and /metrics, and an
// admin API (/admin/plan, /admin/reset, /admin/journal). Answers are
// deterministic: the same request bytes and Config.Seed give the same
// response bytes.
//
// A Plan is an ordered list of rules, each a Match (selector) and an
// Action (fault). The first rule whose match holds fires; a request no rule
// matches is answered normally. Actions are small structs registered by
// kind with RegisterAction, one file per kind (action_*.go).
package fakellm
