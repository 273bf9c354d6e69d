package harness

import (
	"context"
	"fmt"
	"time"

	"github.com/hangarhq/hangar/harness/launch"
	"github.com/hangarhq/hangar/harness/report"
	"github.com/hangarhq/hangar/harness/scenario"
)

// containerImage is the image a run's containers use, made ready before
// the run's clock starts.
type containerImage struct {
	ref, from string // from: the binary in it, or how it was made
	took      time.Duration
}

// containerImageFor is launch.ContainerImage; a test seam.
var containerImageFor = launch.ContainerImage

// usesContainers reports whether the server or the fake LLM runs in a
// container.
func (r *run) usesContainers() bool {
	if l, err := launch.Lookup(r.launch); err == nil && l.Caps().Image {
		return true
	}
	return r.s.Target.LLM.Launch == scenario.LLMContainer
}

// prepareImage makes the hangar image ready before the scenario's clock
// (its duration, the hard-stop deadline) starts: from Options.ServerBin,
// the running `hangar` itself, when it is static (nothing compiled, no
// source tree needed), else a `go build` of the current module. A build,
// however slow, is not the scenario's time. Without containers it does
// nothing.
func (r *run) prepareImage(ctx context.Context) (containerImage, error) {
	if !r.usesContainers() {
		return containerImage{}, nil
	}
	t0 := time.Now()
	ref, from, err := containerImageFor(ctx, r.o.ServerBin)
	if err != nil {
		return containerImage{}, fmt.Errorf("container image: %w", err)
	}
	return containerImage{ref: ref, from: from, took: time.Since(t0)}, nil
}

// noteImage records the image in the report: its reference in Versions,
// and an event saying it was ready before the clock.
func (r *run) noteImage(rep *report.Report, img containerImage) {
	if img.ref == "" {
		return
	}
	rep.Versions["image"] = img.ref
	r.rec.event(report.Event{At: 0, Kind: report.EventNote, Name: "container image",
		Detail: fmt.Sprintf("%s (from %s), ready %s before the clock started", img.ref, img.from, img.took.Round(time.Millisecond)), Step: -1})
}
