// Package fakellm is a fake OpenAI-compatible LLM server with a seeded,
// scriptable fault plan. It exists to make an LLM misbehave on command,
// exactly and repeatably, in front of the code under test.
//
// # Serving
//
// New builds a Server from a Config; Start listens (127.0.0.1:0 by
// default); URL gives "http://127.0.0.1:PORT" and the OpenAI base URL is
// URL()+"/v1". Close aborts every request in flight, hung ones included,
// and returns when every goroutine the server started has ended; Shutdown
// drains first. In tests, fakellmtest.NewServer does all of this.
//
//	POST /v1/chat/completions   JSON, or SSE with stream: true
//	POST /v1/embeddings         float or base64, dimensions, batch input
//	GET  /v1/models
//	GET  /health                llama-server semantics (503 while loading)
//	GET  /metrics               Prometheus: fakellm_* and llamacpp:*
//	GET  /admin/plan            the plan in force (JSON)
//	PUT  /admin/plan            replace it (JSON or YAML); 400 and no change if invalid
//	PATCH /admin/plan           merge rules by name (see Plan.Merge); same checks
//	POST /admin/reset           restart ordinals, counters, generator; clear the journal
//	GET  /admin/journal         one entry per request (JournalEntry)
//
// The /v1 endpoints are also served without the prefix, as llama-server
// does.
//
// # Content
//
// Answers are deterministic: every byte derives from Config.Seed and the
// request body (an FNV-1a digest), never from the clock or a global
// generator; "created" is a fixed timestamp. Token counts come from a
// simple tokenizer (a piece is an optional leading space plus up to four
// letters or digits, or one other character); usage, max_tokens and the
// stream's content chunks (one per piece) all use it. Embeddings are unit
// vectors built by feature hashing of the lower-cased words, so texts that
// share words are close.
//
// # EverOS/EverAlgo prompt recognition
//
// EverAlgo's prompts (the ones EverOS sends) are recognised by their own
// structural markers, which every template puts before the content it
// quotes; when several appear, the earliest wins, so an uploaded document
// that quotes another prompt's marker does not change what the prompt is.
// docs/everos.md says what each answer derives from and what is not
// faithful.
//
//   - Topic tree: a "Total paragraphs: N (IDs A to B)" line followed by
//     "Paragraphs (format: ID: content):" and "ID: content" lines up to a
//     blank line (a line whose id does not follow the previous one
//     continues the block). Topics follow the blocks' headings (the
//     shallowest level in use starts a topic, deeper ones its children) or,
//     without headings, group three or more consecutive blocks (at most 40
//     topics). Names and summaries come from block text, block_refs are
//     compressed range strings ("0-2,5") covering every block, labels come
//     only from the fixed set (ContentLabelSet), language is "English",
//     "Chinese", "Japanese" or "Korean".
//   - Classification: a "# Taxonomy" line with "- id: description" lines
//     and a later "# Document" line. The answer {"category_id"} is the id
//     whose id and description words overlap most with the title and
//     summary; "Others" (or "" without such an entry) when none does.
//   - Uncovered blocks ("Existing topics:" then "Uncovered blocks:"):
//     {"assignments"} for exactly the listed blocks, each to the topic whose
//     "(blocks a-b)" range holds it, else the nearest one.
//   - Leaf split ("--- Topic: NAME (K blocks, C chars) ---" sections):
//     {"results"} splitting at the listed sub-headings when there are two.
//   - Content merge ("Partial Analysis Results:" and a fence) and topic
//     merge (a fenced JSON array of indexed topics, then "merges"):
//     {"language","summary","subject","keywords"} and {"merges"} grouping
//     topics with the same name under the same parent.
//   - Atomic facts: a "TEXT:" line and a later "TIME: " line, or
//     "Conversation start time: " then "Conversation content:". The answer
//     {"atomic_facts":{"time","atomic_fact"}} has the sentences of the text
//     and the time as written.
//
// Other prompts are checked by keywords, in this order:
//
//  1. It mentions "atomic_fact" or "atomic fact": the answer is
//     {"atomic_facts":{"time":T,"atomic_fact":[...]}} with the sentences
//     (three words or more, at most 20) of the non-system messages, and
//     T the first ISO date (2024-03-05, optionally with a time) or "".
//  2. It mentions "category_id" and lists categories: classification. The
//     allowed ids are read from a line "...categories...: a, b, c" (comma,
//     semicolon or pipe separated), or from the bulleted or numbered lines
//     below a line "...categories...:" with nothing after the colon.
//     Placeholders (<...>) and "Others" are skipped. The answer is
//     {"category_id": ID} with the id whose words (3+ letters) occur most
//     often in the non-system text (category lines removed), or "Others".
//  3. It mentions "topic" and has numbered paragraphs: a topic tree
//     {"language","summary","subject","keywords","content_labels","topics"}
//     whose block_refs are arrays of the paragraph numbers. Paragraphs are
//     lines "[N] text" or, if there are none, "N. text", "N) text", "P1:
//     text", "Paragraph 2: text", "Block 3: text"; unnumbered lines right
//     below continue the paragraph; numbers are kept as written. They are
//     looked for in the non-system messages first, then in all.
//     Consecutive paragraphs are grouped three to a topic (more for
//     documents over 120 paragraphs, so there are at most 40 topics); a
//     group of several paragraphs has one child per paragraph in documents
//     of at most 60 paragraphs. The subject is the "Title:" line if any.
//  4. It mentions "category_id" without a category list: classification
//     as in 2 ("Others").
//  5. Otherwise the answer is an echo: "fakellm answer <digest>. You said:
//     <start of the last message>", wrapped as {"answer": ...} when
//     response_format asks for JSON.
//
// # Fault plans
//
// A Plan is an ordered list of rules, each a Match (selector) and an
// action. The first rule whose match holds fires; a request no rule
// matches is answered normally. Plans are YAML or JSON, parsed strictly by
// ParsePlan (ParsePlanFile for a file, DecodePlanNode inside a bigger YAML
// file) with the project's one strict decoder (internal/strictyaml): an
// unknown key, an unknown action kind, a bad regexp or duration, a
// probability outside [0,1], from > to and the like are errors naming the
// line, column and key, every problem of the plan at once, e.g.
//
//	7:26: rules[1].action: unknown key "duraton"
//
// (plan.yaml:7:26: ... for a file; PUT /admin/plan answers 400 with the
// message without a file name). A plan that fails validation is rejected
// whole; the old one stays.
//
// Ordinals are per endpoint, 1-based, and count from the moment the plan
// was loaded (SetPlan, PUT /admin/plan) or reset; so do "after" (successful
// answers), "times" and "window". Probability draws use a math/rand/v2 PCG
// generator seeded from the plan's seed (Config.Seed if the plan has
// none), drawn in request order, so one seed and one request sequence fire
// the same rules on the same ordinals.
//
// Actions are small structs registered by kind with RegisterAction, one
// file per kind (action_*.go): delay, hang, hang_after_headers,
// stall_stream, trickle, close_before_response, close_mid_body,
// close_without_done, reset, status, malformed_json, truncated_json,
// wrong_content_type, empty_choices, stream_error, loading. Each type's
// doc comment gives its parameters and an example.
//
// # Journal
//
// Every request gets a JournalEntry when it arrives (ending "in_flight")
// that is completed when the exchange ends: the rule and action, the
// status sent (0 if none), body bytes and stream chunks sent, whether
// [DONE] was sent, how it ended (complete, closed, reset, client_gone,
// aborted) and a sentence saying what the client received, plus the
// client's X-Stainless-Retry-Count and the request body's CRC-32 (a retry
// re-sends the same bytes). A request cut short by the client or
// by Close is dropped at the connection rather than completed by net/http,
// so the journal's account is what the client got.
package fakellm
