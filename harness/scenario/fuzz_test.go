package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/hangarhq/hangar/internal/strictyaml"
)

// FuzzParse feeds arbitrary bytes to the loader: it must never panic, and
// it either returns a scenario that satisfies the validated invariants or
// an ErrorList whose entries name the file.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	shipped, _ := filepath.Glob("../../scenarios/*.yaml")
	for _, path := range append(seeds, shipped...) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte("name: x\nduration: 1s\nload: {uploads: {count: 1}}\nexpect: {leaks: {goroutines: true}}\ntimeline: [{at: 0s, server: kill}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("testdata/fuzz.yaml", data)
		if err != nil {
			checkErrors(t, err)
			return
		}
		checkInvariants(t, s)
	})
}

func checkErrors(t *testing.T, err error) {
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, want ErrorList: %v", err, err)
	}
	if len(list) == 0 || len(list) > strictyaml.MaxErrors {
		t.Fatalf("%d errors", len(list))
	}
	for _, e := range list {
		if e.File != "testdata/fuzz.yaml" || e.Line < 0 || e.Col < 0 || e.Msg == "" {
			t.Fatalf("malformed error %+v", e)
		}
	}
}

func checkInvariants(t *testing.T, s *Scenario) {
	u := s.Load.Uploads
	switch {
	case s.Name == "" || s.Duration <= 0:
		t.Fatalf("accepted name %q duration %v", s.Name, s.Duration)
	case u.Count < 1 || u.Concurrency < 1 || u.Size < 1 || u.Timeout <= 0:
		t.Fatalf("accepted uploads %+v", u)
	case s.Probes.Health.Interval <= 0 || s.Probes.Health.Timeout <= 0 || s.Probes.Metrics.Interval <= 0:
		t.Fatalf("accepted probes %+v", s.Probes)
	}
	for i, st := range s.Timeline {
		if (st.At == nil) == (st.AfterUploads == nil) {
			t.Fatalf("step %d has %v/%v triggers", i, st.At, st.AfterUploads)
		}
		if st.At != nil && (*st.At < 0 || *st.At >= s.Duration) {
			t.Fatalf("step %d at %v outside %v", i, *st.At, s.Duration)
		}
		if !st.hasAction() {
			t.Fatalf("step %d has no action", i)
		}
		if (st.LLM != "" || st.Network != "") && s.Target.LLM.Launch != LLMContainer {
			t.Fatalf("step %d: llm/network action accepted with llm launch %q", i, s.Target.LLM.Launch)
		}
	}
	if r := s.Target.Server.Resources; r != nil && (s.Target.Server.Launch != "container" || r.CPUs < 0 || r.CPUs > MaxCPUs || (r.Memory != 0 && r.Memory < MinMemory)) {
		t.Fatalf("accepted resources %+v with launch %q", r, s.Target.Server.Launch)
	}
}
