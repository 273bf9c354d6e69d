package fakellm

func init() { RegisterAction("hang", func() Action { return &Hang{} }) }

// Hang sends nothing, not even headers, for Duration (0: until the client
// gives up or the server closes), then closes the connection.
//
//	action: {kind: hang}
//	action: {kind: hang, duration: 30s}
type Hang struct {
	Duration Duration `yaml:"duration" json:"duration,omitempty"`
}

// Validate implements Action.
func (a *Hang) Validate() error { return nil }

// Apply implements Action.
func (a *Hang) Apply(x *Exchange) {
	if x.Wait(a.Duration.D()) {
		x.Note("hung %s", a.Duration)
		x.CloseConn()
	}
}
