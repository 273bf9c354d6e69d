package report

import (
	"bytes"
	"io"
	"testing"
)

// FuzzReadJSON: ReadJSON never panics; whatever it accepts writes back to
// JSON that reads again to the same bytes, and renders in every format
// without error.
func FuzzReadJSON(f *testing.F) {
	for _, r := range []*Report{failingRun(), passingRun()} {
		var b bytes.Buffer
		if err := WriteJSON(&b, r); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Add([]byte(`{"format_version":1,"scenario":{"name":"x","duration":"-5s"},"probes":[{"at":"-1h","latency":"2562047h"}]}`))
	f.Add([]byte(`{"format_version":1,"scenario":{"name":"x"},"samples":[{"at":"1s","name":"hangar_cascade_queue_depth","value":1e308}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var first bytes.Buffer
		if err := WriteJSON(&first, r); err != nil {
			t.Fatal(err)
		}
		again, err := ReadJSON(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("re-reading written report: %v", err)
		}
		var second bytes.Buffer
		if err := WriteJSON(&second, again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("JSON not stable:\n%s\n%s", first.Bytes(), second.Bytes())
		}
		for _, w := range []func(io.Writer, *Report) error{WriteJUnit, WriteSummary, WriteHTML} {
			if err := w(io.Discard, r); err != nil {
				t.Fatal(err)
			}
		}
	})
}
