package llm

import (
	"context"
	"errors"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	"github.com/failsafe-go/failsafe-go/timeout"
)

// policies composes the failsafe policies for one call, outermost first.
//
// Built right: retry → bulkhead → breaker → timeout. The slot is taken per
// attempt and released before the retry sleeps; the breaker sees only LLM
// outcomes (not pool rejections); every attempt has a deadline.
//
// sem-across-retries: bulkhead → retry(no backoff) → breaker → timeout.
// no-llm-deadline: the timeout policy is left out.
func (c *Client) policies(ctx context.Context, p Purpose) []failsafe.Policy[any] {
	rp := c.retryPolicy(ctx)
	bh := c.poolFor(p).bh
	inner := []failsafe.Policy[any]{c.breakers[p]}
	if !c.cfg.Defects.NoDeadline {
		inner = append(inner, timeout.New[any](c.cfg.AttemptTimeout))
	}
	if c.cfg.Defects.SemAcrossRetries {
		return append([]failsafe.Policy[any]{bh, rp}, inner...)
	}
	return append([]failsafe.Policy[any]{rp, bh}, inner...)
}

// retryPolicy retries transient failures with c.delay between attempts. A
// Retry-After that would outlive the call's deadline aborts at once, so the
// caller gets the hint now instead of a timeout later.
func (c *Client) retryPolicy(ctx context.Context) failsafe.Policy[any] {
	return retrypolicy.NewBuilder[any]().
		HandleIf(func(_ any, err error) bool { return retryable(err) }).
		AbortIf(func(_ any, err error) bool { return retryAfterPastDeadline(ctx, err) }).
		WithMaxAttempts(c.cfg.MaxAttempts).
		WithDelayFunc(c.delay).
		ReturnLastFailure().
		Build()
}

func retryAfterPastDeadline(ctx context.Context, err error) bool {
	ra := retryAfterOf(err)
	dl, ok := ctx.Deadline()
	return ok && ra > 0 && time.Now().Add(ra).After(dl)
}

// delay is the sleep before the next attempt. Built right: exponential
// backoff with equal jitter, never shorter than the server's Retry-After
// (capped at RetryAfterMax). With sem-across-retries: no backoff, only the
// Retry-After, as EverOS re-attempted at once.
func (c *Client) delay(exec failsafe.ExecutionAttempt[any]) time.Duration {
	ra := min(retryAfterOf(exec.LastError()), c.cfg.RetryAfterMax)
	if c.cfg.Defects.SemAcrossRetries {
		return ra
	}
	backoff := c.cfg.BackoffBase << min(exec.Retries(), 30)
	if backoff <= 0 || backoff > c.cfg.BackoffMax {
		backoff = c.cfg.BackoffMax
	}
	half := backoff / 2
	c.randMu.Lock()
	jittered := half + time.Duration(c.cfg.Rand.Int64N(int64(half)+1))
	c.randMu.Unlock()
	return max(jittered, ra)
}

func retryAfterOf(err error) time.Duration {
	var ae *attemptError
	if errors.As(err, &ae) {
		return ae.retryAfter
	}
	return 0
}
