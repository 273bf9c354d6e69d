package fakellm

func init() { RegisterAction("reset", func() Action { return &Reset{} }) }

// Reset aborts the connection with a TCP RST (SO_LINGER 0, then close)
// before any response byte: the client sees "connection reset by peer".
//
//	action: {kind: reset}
type Reset struct{}

// Validate implements Action.
func (a *Reset) Validate() error { return nil }

// Apply implements Action.
func (a *Reset) Apply(x *Exchange) { x.ResetConn() }
