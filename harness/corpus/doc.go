// Package corpus supplies the documents a hangar run uploads.
//
// Two sources, both deterministic per upload index so that concurrent
// uploads and reruns see exactly the same bytes:
//
//   - Generator makes realistic markdown documents (a title, headings,
//     paragraphs, bullet and numbered lists, the odd table or code block)
//     of a target size and a category, from a seed drawn once from the
//     *rand.Rand passed in. Document i is derived from that seed and i
//     alone, and no two documents of one generator are alike.
//   - Dir serves the files of a folder in name order, cycling when asked
//     for more uploads than files (later rounds get a distinct title so a
//     server that de-duplicates still sees new documents).
//
// Document has the same fields as harness/load.Doc, so one converts to
// the other: load.Doc(d).
package corpus
