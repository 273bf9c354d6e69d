// Package diagnose explains why a run hung. It captures evidence from the
// target at the moment of failure — two goroutine dumps with wait reasons a
// few seconds apart (and the goroutine leak profile where there is one),
// each taken while a health probe of the capture's own is out when the
// target is slow to answer one, the fake LLM's in-flight requests (its
// journal records each request body's checksum, so a retry is told from
// another caller's request) and the uploads still open — and runs a
// small rule set over it. Each rule names one failure class (ClassIDs),
// with a confidence in [0,1], one sentence and the evidence it cites.
//
// A goroutine at the same stack under the same id in both dumps has waited
// at least the gap (Waiter.Both), unless it serves requests: a keep-alive
// connection's goroutine answers one request and reads the next at the
// same stack, so Diagnose keeps its Both only when a request of its kind
// was open across both dumps (an upload, or a health probe for the health
// check), or when the target may have other clients
// (Evidence.OtherClients) whose requests the evidence lacks.
//
// Rules read Evidence only: never the server's defect switches, never the
// scenario's name. They match generic wait sites (a semaphore or bulkhead
// acquire, a mutex, a wait group or channel receive used as a batch
// barrier, an outbound HTTP read, a sleep while a slot is held), not the
// function names of any particular server. Without a goroutine profile (a
// Python server, no pprof) the rules that need only the journal, uploads,
// probes and metrics still run, and the diagnosis lists what was missing.
//
// Flow:
//
//	ev, _ := diagnose.Capture(ctx, diagnose.Target{PprofURL: admin, Journal: llm.Journal, ...})
//	ev.AddReport(rep)           // uploads, probes, samples, server faults of the finished run
//	rep.Diagnosis = diagnose.Diagnose(ev)
//
// Rules are registry entries, one file per class (rule_*.go), registered
// in init.
package diagnose
