package containerstest

import (
	"reflect"
	"testing"

	"github.com/hangarhq/hangar/containers/internal/module"
)

func TestAddedMine(t *testing.T) {
	me := "session=" + module.Session
	before := Inventory{
		Containers: []string{"/old a (img) session=-"},
		Networks:   []string{"bridge session=-"},
		Images:     []string{"hangar:dev-000000000000"},
	}
	after := Inventory{
		Containers: []string{"/old a (img) session=-", "/mine b (hangar:dev-1) " + me, "/theirs c (hangar:dev-1) session=ffff"},
		Networks:   []string{"bridge session=-", "n1 " + me, "n2 session=ffff"},
		Volumes:    []string{"hangar-" + module.Session + "-TestX", "hangar-ffff-TestY", "other"},
		Images:     []string{"hangar:dev-000000000000", "hangar:dev-111111111111", "sha256:dangling"},
	}
	got := before.Added(after).Mine()
	want := Inventory{
		Containers: []string{"/mine b (hangar:dev-1) " + me},
		Networks:   []string{"n1 " + me},
		Volumes:    []string{"hangar-" + module.Session + "-TestX"},
		Images:     []string{"sha256:dangling"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Added.Mine =\n%s\nwant\n%s", got, want)
	}
	if !(Inventory{}).Empty() || got.Empty() {
		t.Error("Empty is wrong")
	}
}

func TestImageName(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		want string
	}{
		{"tagged", []string{"hangar:dev-1"}, "hangar:dev-1"},
		{"dangling placeholder", []string{"<none>:<none>"}, "sha256:x"},
		{"untagged", nil, "sha256:x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := imageName(tt.tags, "sha256:x"); got != tt.want {
				t.Errorf("imageName = %q, want %q", got, tt.want)
			}
		})
	}
}
