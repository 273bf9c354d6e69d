package fakellm

func init() { RegisterAction("empty_choices", func() Action { return &EmptyChoices{} }) }

// EmptyChoices answers 200 with "choices": [] (chat; every stream chunk
// too) or "data": [] (embeddings, models); usage is kept.
//
//	action: {kind: empty_choices}
type EmptyChoices struct{}

// Validate implements Action.
func (a *EmptyChoices) Validate() error { return nil }

// Apply implements Action.
func (a *EmptyChoices) Apply(x *Exchange) {
	if !x.Resp.Stream() {
		x.replaceBody(emptyChoices(x.Resp.Body))
		x.Respond()
		return
	}
	x.WriteHeader(x.Resp.Status)
	for _, ev := range x.Resp.Events {
		if !isDone(ev) {
			ev = dataEvent(emptyChoices(eventJSON(ev)))
		}
		if x.WriteEvent(ev) != nil {
			return
		}
	}
}
