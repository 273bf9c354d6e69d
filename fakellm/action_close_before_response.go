package fakellm

func init() {
	RegisterAction("close_before_response", func() Action { return &CloseBeforeResponse{} })
}

// CloseBeforeResponse reads the request and closes the connection (FIN)
// without sending a byte.
//
//	action: {kind: close_before_response}
type CloseBeforeResponse struct{}

// Validate implements Action.
func (a *CloseBeforeResponse) Validate() error { return nil }

// Apply implements Action.
func (a *CloseBeforeResponse) Apply(x *Exchange) { x.CloseConn() }
