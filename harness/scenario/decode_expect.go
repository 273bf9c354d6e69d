package scenario

import "github.com/hangarhq/hangar/harness/assert"

// Expect is the scenario's stated assertions: one parameter per entry of
// the assertion registry (harness/assert) the file states, in file order.
// The registry decodes `expect` itself (assert.Expect.UnmarshalStrict).
type Expect = assert.Expect
