// Package report holds the record of one hangar run and renders it.
//
// A Report is plain data: the seed, versions and scenario of the run, the
// timeline of events (faults with their start and end), every upload and
// every probe, the metric samples scraped from the targets, each assertion
// with its measured value and verdict, and leak dumps. Times inside a run
// are offsets from Report.Start (type Duration, written in JSON as Go
// duration strings such as "1.25s"), so a report reads the same wherever
// it is rendered.
//
// Writers:
//
//	WriteJSON / ReadJSON   report.json, the journal (round-trips exactly)
//	WriteJUnit             junit.xml, one test case per assertion (an inconclusive one is skipped)
//	WriteHTML              report.html, self-contained: verdict table, then SVG plots
//	WriteSummary           summary.txt, the plain-text verdict table printed by `hangar run` and `hangar report`
//	WriteDir / ReadDir     all of the above into / out of a run directory (atomic renames)
//	Render                 junit.xml, report.html and summary.txt again from a Report (`hangar report DIR`)
//
// Plots are drawn with gonum/plot into SVG and inlined: /health latency with
// failed probes and thresholds, every upload as a bar from send to answer
// coloured by outcome, accepted and indexed documents with the server's
// queue depth, and the fakellm's request counters; fault spans are shaded
// and the window of a failed assertion is highlighted.
//
// Renderers never read the clock: the same Report renders to the same bytes.
package report
