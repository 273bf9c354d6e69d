package containerstest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
)

// Inventory is what the engine holds, by kind: container names and ids,
// network names, volume names, image tags.
type Inventory struct {
	Containers, Networks, Volumes, Images []string
}

// Take lists the engine's objects.
func Take(ctx context.Context) (Inventory, error) {
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
		inv.Containers = append(inv.Containers, strings.Join(c.Names, ",")+" "+c.ID[:12]+" ("+c.Image+")")
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{})
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: networks: %w", err)
	}
	for _, n := range ns.Items {
		inv.Networks = append(inv.Networks, n.Name)
	}
	vs, err := cli.VolumeList(ctx, client.VolumeListOptions{})
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: volumes: %w", err)
	}
	for _, v := range vs.Items {
		inv.Volumes = append(inv.Volumes, v.Name)
	}
	is, err := cli.ImageList(ctx, client.ImageListOptions{All: true})
	if err != nil {
		return Inventory{}, fmt.Errorf("inventory: images: %w", err)
	}
	for _, i := range is.Items {
		inv.Images = append(inv.Images, imageName(i.RepoTags, i.ID))
	}
	inv.sort()
	return inv, nil
}

func imageName(tags []string, id string) string {
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
