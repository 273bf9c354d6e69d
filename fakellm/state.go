package fakellm

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

var endpointIndex = map[string]int{EndpointChat: 0, EndpointEmbeddings: 1, EndpointModels: 2, EndpointHealth: 3}

// planState is a loaded plan with its counters and seeded generator. It is
// replaced whole by SetPlan and Reset, so a plan is never half-applied.
type planState struct {
	plan   *Plan
	loaded time.Time

	succeeded [4]atomic.Int64 // successful answers, by endpoint index
	// ordinal counts requests admitted, by endpoint index. With rules it
	// moves only under mu, so that ordinals and the generator's draws go
	// in the same order.
	ordinal [4]atomic.Int64

	mu           sync.Mutex // guards everything below
	rng          *rand.Rand
	fired        []int
	loadingUntil time.Time // zero: not loading
	loadingRule  string
}

func newPlanState(p *Plan, fallbackSeed int64) *planState {
	seed := fallbackSeed
	if p.Seed != nil {
		seed = *p.Seed
	}
	return &planState{
		plan:   p,
		loaded: time.Now(),
		rng:    rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15)),
		fired:  make([]int, len(p.Rules)),
	}
}

// admitLoading is admit's answer while a loading fault lasts.
const admitLoading = -2

// admit assigns the request its ordinal and picks the first rule that
// matches, counting its firing. It returns the rule index, -1 for none, or
// admitLoading with the rule that put the server in loading state (then
// no ordinal is taken). One lock for all of it when the plan has rules;
// without any, no rule can fire nor start a loading fault, and a request
// only takes its ordinal, without waiting on the others.
func (st *planState) admit(q *reqInfo, now time.Time) (int, string) {
	i := endpointIndex[q.endpoint]
	if len(st.plan.Rules) == 0 {
		q.ordinal = int(st.ordinal[i].Add(1))
		return -1, ""
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if rule, loading := st.loadingLocked(now); loading {
		return admitLoading, rule
	}
	q.ordinal = int(st.ordinal[i].Add(1))
	q.succeeded = int(st.succeeded[i].Load())
	q.since = now.Sub(st.loaded)
	for r := range st.plan.Rules {
		rule := &st.plan.Rules[r]
		m := &rule.Match
		if m.Times > 0 && st.fired[r] >= m.Times {
			continue
		}
		if !m.static(q) {
			continue
		}
		if m.Probability != nil && st.rng.Float64() >= *m.Probability {
			continue
		}
		st.fired[r]++
		return r, ""
	}
	return -1, ""
}

// succeed counts a successful answer on endpoint.
func (st *planState) succeed(endpoint string) {
	st.succeeded[endpointIndex[endpoint]].Add(1)
}

// float64 draws from the plan's generator.
func (st *planState) float64() float64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.rng.Float64()
}

func (st *planState) normFloat64() float64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.rng.NormFloat64()
}

// startLoading makes the server answer 503 "Loading model" until now+d
// (d 0: until the plan is replaced or reset).
func (st *planState) startLoading(rule string, now time.Time, d time.Duration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	until := now.Add(d)
	if d == 0 {
		until = now.Add(100 * 365 * 24 * time.Hour)
	}
	if until.After(st.loadingUntil) {
		st.loadingUntil, st.loadingRule = until, rule
	}
}

// loadingLocked reports the rule that put the server in loading state, if
// any; st.mu is held.
func (st *planState) loadingLocked(now time.Time) (string, bool) {
	if st.loadingUntil.IsZero() || !now.Before(st.loadingUntil) {
		return "", false
	}
	return st.loadingRule, true
}
