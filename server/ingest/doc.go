// Package ingest turns one uploaded document into a stored, queued one:
//
//	validate → (duplicate? return the existing document)
//	  → topic extraction (EverAlgo-shaped prompt, numbered paragraphs "[N] text",
//	    answer parsed strictly; empty or unparseable → EXTRACTION_EMPTY)
//	  → category (from the request, else a classification call; unknown → Others)
//	  → markdown + original file written atomically (temp dir + rename) in the
//	    EverOS layout <data>/<app>/<project>/knowledge/<category>/<title_slug>_<doc_id>/
//	  → document row and its pending change row committed in one store write.
//
// Bad input is rejected before anything is written; a failure after the
// files are written removes them, so a request either leaves a committed
// document or nothing. Errors carry a Code that package server maps to an
// HTTP status in one table.
package ingest
