package containerstest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"

	"github.com/hangarhq/hangar/containers/internal/image"
	"github.com/hangarhq/hangar/containers/internal/module"
)

// Inventory is what the engine holds, by kind: container names and ids,
// network names, volume names, image tags.
type Inventory struct {
	Containers, Networks, Volumes, Images []string
}

// Labels are the labels of this process's objects: put them on networks
// the tests create (network.WithLabels(containerstest.Labels())); the
// modules put them on their containers.
func Labels() map[string]string { return map[string]string{module.SessionLabel: module.Session} }

// VolumeName is a volume name unique to this process and test.
func VolumeName(tb testing.TB) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, tb.Name())
	return "hangar-" + module.Session + "-" + name
}

// Mine keeps what belongs to this process: containers and networks with
// its session label, volumes named by VolumeName; and the images that are
// not hangar dev images (one cached hangar image is shared by the test
// processes and pruned by the builder).
func (inv Inventory) Mine() Inventory {
	return Inventory{
		Containers: keep(inv.Containers, func(s string) bool { return strings.Contains(s, "session="+module.Session) }),
		Networks:   keep(inv.Networks, func(s string) bool { return strings.Contains(s, "session="+module.Session) }),
		Volumes:    keep(inv.Volumes, func(s string) bool { return strings.HasPrefix(s, "hangar-"+module.Session+"-") }),
		Images:     keep(inv.Images, func(s string) bool { return !strings.HasPrefix(s, image.Repo+":dev-") }),
	}
}

func keep(list []string, f func(string) bool) []string {
	var out []string
	for _, s := range list {
		if f(s) {
			out = append(out, s)
		}
	}
	return out
}

// Take lists the engine's objects. Containers and networks carry their
// hangar session (session=… or session=-).
func Take(ctx context.Context) (Inventory, error) {
	DisableRyukIfUnset()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: %w", err)
	}
	defer cli.Close()
	var inv Inventory
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true})
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: containers: %w", err)
	}
	for _, c := range cs.Items {
		inv.Containers = append(inv.Containers, fmt.Sprintf("%s %s (%s) session=%s",
			strings.Join(c.Names, ","), c.ID[:12], c.Image, session(c.Labels)))
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{})
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: networks: %w", err)
	}
	for _, n := range ns.Items {
		inv.Networks = append(inv.Networks, n.Name+" session="+session(n.Labels))
	}
	vs, err := cli.VolumeList(ctx, client.VolumeListOptions{})
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: volumes: %w", err)
	}
	for _, v := range vs.Items {
		inv.Volumes = append(inv.Volumes, v.Name)
	}
	is, err := cli.ImageList(ctx, client.ImageListOptions{}) // top-level: tagged and dangling
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: images: %w", err)
	}
	for _, i := range is.Items {
		inv.Images = append(inv.Images, imageName(i.RepoTags, i.ID))
	}
	inv.sort()
	return inv, nil
}

func session(labels map[string]string) string {
	if s, ok := labels[module.SessionLabel]; ok {
		return s
	}
	return "-"
}

// imageName is the image's tags, or its id when it has none (dangling).
func imageName(tags []string, id string) string {
	tags = slices.DeleteFunc(slices.Clone(tags), func(t string) bool { return t == "<none>:<none>" })
	if len(tags) > 0 {
		return strings.Join(tags, ",")
	}
	return id
}

func (inv *Inventory) sort() {
	for _, s := range []*[]string{&inv.Containers, &inv.Networks, &inv.Volumes, &inv.Images} {
		slices.Sort(*s)
	}
}

// Added returns what after holds that inv did not.
func (inv Inventory) Added(after Inventory) Inventory {
	return Inventory{
		Containers: minus(after.Containers, inv.Containers),
		Networks:   minus(after.Networks, inv.Networks),
		Volumes:    minus(after.Volumes, inv.Volumes),
		Images:     minus(after.Images, inv.Images),
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// Empty reports whether the inventory holds nothing.
func (inv Inventory) Empty() bool {
	return len(inv.Containers)+len(inv.Networks)+len(inv.Volumes)+len(inv.Images) == 0
}

// String is one line per kind.
func (inv Inventory) String() string {
	return fmt.Sprintf("containers=%d %q\nnetworks=%d %q\nvolumes=%d %q\nimages=%d %q",
		len(inv.Containers), inv.Containers, len(inv.Networks), inv.Networks,
		len(inv.Volumes), inv.Volumes, len(inv.Images), inv.Images)
}
