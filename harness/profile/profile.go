package profile

import "time"

// Defaults applied to keys a profile leaves out.
const (
	DefaultMethod      = "POST"
	DefaultStatePoll   = 500 * time.Millisecond
	DefaultStateTimout = 2 * time.Second
	DefaultHealthPath  = "/health"
)

// Profile is one target API, decoded and validated.
type Profile struct {
	// Name identifies the profile in reports ("everos", or a third-party server's).
	Name string `yaml:"name"`
	// Setup requests are sent once, in order, after the target is ready
	// and before load; any answer outside a request's statuses fails the
	// run as a harness error naming the request.
	Setup []Request `yaml:"setup"`
	// Ingest is the request sent per document.
	Ingest Ingest `yaml:"ingest"`
	// State says how progress and each document's final state are read.
	State State `yaml:"state"`
	// Health is what the liveness probe asks.
	Health Health `yaml:"health"`
	// Admin names the target's metrics and pprof endpoints, if any.
	Admin Admin `yaml:"admin"`

	// File is where the profile was loaded from ("" for inline, "builtin:everos").
	File string `yaml:"-"`
}

// Request is one HTTP request of a profile. Path is relative to the
// target's API URL unless it is an absolute http URL.
type Request struct {
	// Name names the request in messages (setup only).
	Name    string            `yaml:"name"`
	Method  string            `yaml:"method"`
	Path    string            `yaml:"path"`
	Headers map[string]string `yaml:"headers"`
	// JSON is a JSON body template; placeholders render as JSON values.
	JSON string `yaml:"json"`
	// Status lists the statuses that mean success (default: any 2xx).
	Status []int `yaml:"status"`
}

// Ingest is the per-document request and how its answer is read.
type Ingest struct {
	Method  string            `yaml:"method"`
	Path    string            `yaml:"path"`
	Headers map[string]string `yaml:"headers"`
	// JSON is a JSON body template. Exactly one of JSON and Multipart.
	JSON string `yaml:"json"`
	// Multipart sends the document as multipart/form-data.
	Multipart *Multipart `yaml:"multipart"`
	// Accepted lists the statuses that mean the document was accepted
	// (it must then reach a terminal state).
	Accepted []int `yaml:"accepted"`
	// ID says where the accepted document's id is.
	ID IDSource `yaml:"id"`
	// Error lists JSON pointers into a rejected answer; the strings found
	// there, joined by ": ", are the recorded error (e.g. [/error/code,
	// /error/message] gives "CODE: message"). Optional: the status alone is
	// recorded otherwise; a pointer with nothing there is skipped.
	Error []string `yaml:"error"`
}

// Multipart is a multipart/form-data body: the document as a file part plus
// text fields. A field whose value renders empty is left out.
type Multipart struct {
	File   FilePart          `yaml:"file"`
	Fields map[string]string `yaml:"fields"`
}

// FilePart is the file part of a multipart body.
type FilePart struct {
	// Field is the form field name (default "file").
	Field string `yaml:"field"`
	// Filename is a template (default "{{filename}}").
	Filename string `yaml:"filename"`
	// ContentType defaults to text/markdown.
	ContentType string `yaml:"content_type"`
}

// IDSource says where an accepted document's id comes from: a JSON pointer
// into the answer, or a template the harness rendered into the request
// (e.g. "{{doc_uuid}}"). Exactly one.
type IDSource struct {
	Pointer  string `yaml:"pointer"`
	Template string `yaml:"template"`
}

// State is how the harness reads progress. At least one source; when
// several are given the harness uses, in order, series (when the metrics
// endpoint has it), list, count, document.
type State struct {
	// Series reads a gauge from the target's metrics endpoint, by label.
	Series *SeriesState `yaml:"series"`
	// List pages through a list endpoint with every document's status.
	List *ListState `yaml:"list"`
	// Document asks for each accepted document in turn.
	Document *DocumentState `yaml:"document"`
	// Count reads the number of documents done from one endpoint.
	Count *CountState `yaml:"count"`
	// Poll is how often list, document and count sources are polled
	// (default DefaultStatePoll).
	Poll time.Duration `yaml:"poll"`
	// Timeout bounds one state request (default DefaultStateTimout).
	Timeout time.Duration `yaml:"timeout"`
}

// Done, Failed and Working (in each state source) classify a state value:
// a value in none of the lists counts as working.

// SeriesState reads a gauge such as hangar_cascade_queue_depth{status=...}:
// the value of each label value is the number of documents in that state.
type SeriesState struct {
	Metric  string   `yaml:"metric"`
	Label   string   `yaml:"label"`
	Done    []string `yaml:"done"`
	Failed  []string `yaml:"failed"`
	Working []string `yaml:"working"`
}

// ListState pages through a list endpoint. Path may use {{page}} (from 1);
// Items points at the array of documents in each page, ID and Status into
// each item, Total (optional) at the total count.
type ListState struct {
	Path      string   `yaml:"path"`
	Items     string   `yaml:"items"`
	Total     string   `yaml:"total"`
	ID        string   `yaml:"id"`
	Status    string   `yaml:"status"`
	UpdatedAt string   `yaml:"updated_at"`
	PageSize  int      `yaml:"page_size"`
	Done      []string `yaml:"done"`
	Failed    []string `yaml:"failed"`
	Working   []string `yaml:"working"`
}

// DocumentState GETs each accepted document ({{doc_id}} in the path). With
// Status empty, the HTTP status is the state: Done lists statuses (e.g.
// "200") and Working others ("404" while not yet visible). With Status a
// pointer, the value there is classified.
type DocumentState struct {
	Path    string   `yaml:"path"`
	Status  string   `yaml:"status"`
	Done    []string `yaml:"done"`
	Failed  []string `yaml:"failed"`
	Working []string `yaml:"working"`
}

// CountState reads how many documents are done from one endpoint: a GET
// (or a POST with a JSON body, e.g. a GraphQL aggregate) and a pointer to
// the count.
type CountState struct {
	Method string `yaml:"method"`
	Path   string `yaml:"path"`
	JSON   string `yaml:"json"`
	Done   string `yaml:"done"`
}

// Health is the liveness probe: each path is probed in turn; a status in
// Status is healthy.
type Health struct {
	Paths  []string `yaml:"paths"`
	Status []int    `yaml:"status"`
}

// Admin names metrics and pprof endpoints as templates, typically from the
// launcher's placeholders ("http://127.0.0.1:{{port.metrics}}/metrics").
type Admin struct {
	Metrics string `yaml:"metrics"`
	Pprof   string `yaml:"pprof"`
}
