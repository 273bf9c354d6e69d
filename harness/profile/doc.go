// Package profile describes a target's HTTP API as data: how one document
// is sent (ingest), how its state is read back (state), what is probed for
// liveness (health), the requests sent once before load (setup) and where
// metrics and pprof live (admin). The harness drives any LLM-backed server
// through a profile; nothing in Go names a third-party server.
//
// A profile is YAML, loaded strictly. `everos` is built in (the EverOS
// knowledge API, spoken by the reference server and a real EverOS); any other
// server gets a file beside its scenario (`target.api_file`), or an inline
// `target.api` mapping.
//
// Strings in a profile are templates with `{{name}}` placeholders
// (package internal/placeholder). In a JSON body a placeholder renders as a
// JSON value — a document's text becomes an escaped JSON string, an ordinal
// a number — so quotes and newlines in a document cannot break the body. In
// a path a document value is path-escaped; in a header or multipart field it
// is inserted as is. Which placeholders a template may name depends on where
// it is: document placeholders (DocNames) in ingest and state, the
// launcher's (`{{llm_url}}`, `{{port.NAME}}`, …) everywhere.
package profile
