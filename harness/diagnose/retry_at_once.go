package diagnose

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hangarhq/hangar/harness/report"
)

// ReSendGap is the longest gap between a failed LLM request's end and the
// next request on its endpoint for the next one to count as re-sent at
// once: far below any backoff a retry policy sleeps, far above the time a
// client takes to build the next attempt.
const ReSendGap = 50 * time.Millisecond

// minChain is the shortest run of back-to-back failures that counts, and
// minChains how many such runs the journal must show. One run is enough:
// a fail-fast run is diagnosed at its first failed upload, which is one
// caller's exhausted chain.
const minChain, minChains = 4, 1

// immediateRetries finds runs of failed LLM requests on one endpoint (5xx,
// or a connection closed or reset; a 429 asks the client to wait and is
// left to the slot contention) where each request was sent within
// ReSendGap of the previous one's end, none overlapping: one caller
// re-attempting with no backoff. Concurrent callers interleave and
// overlap, so chance runs stay short.
func immediateRetries(e *Evidence) (report.Finding, bool) {
	if f, ok := sameBodyResends(e); ok {
		return f, true
	}
	byEndpoint := map[string][]LLMRequest{}
	for _, r := range e.LLM {
		byEndpoint[r.Endpoint] = append(byEndpoint[r.Endpoint], r)
	}
	var chains []int
	for _, rs := range byEndpoint {
		slices.SortStableFunc(rs, func(a, b LLMRequest) int { return cmpDur(a.Start, b.Start) })
		chains = append(chains, failureChains(rs)...)
	}
	if len(chains) < minChains {
		return report.Finding{}, false
	}
	n := 0
	for _, c := range chains {
		n += c
	}
	f := report.Finding{Confidence: 0.5, Evidence: []string{
		cite("journal: %d runs of at least %d failed LLM requests (%d requests), each sent within %s of the previous one's end",
			len(chains), minChain, n, ReSendGap),
	}}
	f.Sentence = cite("%d failed LLM requests came in %d back-to-back runs, each re-sent within %s of the last failure: the retry chain re-attempts at once, with no backoff, holding whatever it acquired before the first attempt",
		n, len(chains), ReSendGap)
	return f, true
}

// failureChains returns the lengths of the runs of at least minChain
// back-to-back failures in rs (sorted by start).
func failureChains(rs []LLMRequest) []int {
	var out []int
	run := 0
	flush := func() {
		if run >= minChain {
			out = append(out, run)
		}
		run = 0
	}
	for i, r := range rs {
		if r.InFlight || !failedRequest(r) {
			flush()
			continue
		}
		if run > 0 && !backToBack(rs[i-1], r) {
			flush()
		}
		run++
	}
	flush()
	return out
}

func backToBack(prev, next LLMRequest) bool {
	end := prev.Start + prev.Duration
	return next.Start >= end-time.Millisecond && next.Start-end <= ReSendGap
}

// failedRequest: the LLM refused the request with a server error or cut
// its connection.
func failedRequest(r LLMRequest) bool {
	return r.Status >= 500 || r.Ending == "closed" || r.Ending == "reset"
}

func cmpDur(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// minResends is how many failed requests must have been re-sent at once
// with the same body for sameBodyResends to speak: one could be a client's
// single immediate first retry, a policy some clients have on purpose.
const minResends = 2

// sameBodyResends finds failed LLM requests whose very bytes (the same body
// checksum on the same endpoint) were sent again within ReSendGap of the
// failure. Unlike a run of back-to-back failures this needs no luck with
// concurrent callers: another caller's request has other bytes, and a
// client that backs off re-sends them later than the gap.
func sameBodyResends(e *Evidence) (report.Finding, bool) {
	var seqs []int64
	for _, r := range e.LLM {
		if r.Body == 0 || r.InFlight || !failedRequest(r) {
			continue
		}
		end := r.Start + r.Duration
		for _, q := range e.LLM {
			if q.Seq != r.Seq && q.Endpoint == r.Endpoint && q.Body == r.Body &&
				q.Start >= end-time.Millisecond && q.Start-end <= ReSendGap {
				seqs = append(seqs, r.Seq)
				break
			}
		}
	}
	if len(seqs) < minResends {
		return report.Finding{}, false
	}
	f := report.Finding{Confidence: 0.5, Evidence: []string{
		cite("journal: %s (requests %s) sent again with the same body within %s of failing", plural(len(seqs), "failed LLM request", "failed LLM requests"), seqList(seqs), ReSendGap),
	}}
	f.Sentence = cite("%s were re-sent byte for byte within %s of failing: the retry chain re-attempts at once, with no backoff, holding whatever it acquired before the first attempt",
		plural(len(seqs), "failed LLM request", "failed LLM requests"), ReSendGap)
	return f, true
}

func seqList(seqs []int64) string {
	var b strings.Builder
	for i, s := range seqs {
		if i == 6 {
			fmt.Fprintf(&b, ", … (%d more)", len(seqs)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, s)
	}
	return b.String()
}
