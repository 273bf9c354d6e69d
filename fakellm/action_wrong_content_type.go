package fakellm

func init() { RegisterAction("wrong_content_type", func() Action { return &WrongContentType{} }) }

// WrongContentType sends the normal answer under another Content-Type
// (default "text/html; charset=utf-8"), or Body instead of it when set
// (an HTML error page from a proxy, say).
//
//	action: {kind: wrong_content_type, content_type: text/plain}
//	action: {kind: wrong_content_type, body: "<html><body>502 Bad Gateway</body></html>"}
type WrongContentType struct {
	ContentType string `yaml:"content_type" json:"content_type,omitempty"`
	Body        string `yaml:"body" json:"body,omitempty"`
}

// DefaultWrongContentType is the Content-Type wrong_content_type sends.
const DefaultWrongContentType = "text/html; charset=utf-8"

// Validate implements Action.
func (a *WrongContentType) Validate() error { return nil }

// Apply implements Action.
func (a *WrongContentType) Apply(x *Exchange) {
	ct := a.ContentType
	if ct == "" {
		ct = DefaultWrongContentType
	}
	if a.Body != "" {
		r := *x.Resp
		r.Events = nil
		x.Resp = &r
		x.replaceBody([]byte(a.Body))
	}
	x.Header().Set("Content-Type", ct)
	x.Respond()
}
