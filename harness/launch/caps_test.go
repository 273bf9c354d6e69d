package launch

import "testing"

// TestAttaches: of the registered launchers only external talks to a
// server someone else runs, which may have clients besides the run.
func TestAttaches(t *testing.T) {
	for _, name := range Names() {
		l, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := l.Caps().Attaches(), name == ExternalName; got != want {
			t.Errorf("%s: Attaches() = %v, want %v", name, got, want)
		}
	}
}
