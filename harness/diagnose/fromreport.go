package diagnose

import "github.com/hangarhq/hangar/harness/report"

// AddReport adds what the finished run recorded: uploads (replacing the
// open ones captured, which the report has newer news of), probes, metric
// samples, and when the server was interrupted or restarted on purpose.
// An upload is open when it was sent before the capture and answered
// after it; one sent after the capture was not waiting then.
// It reads no defect list, scenario or target name.
func (e *Evidence) AddReport(r *report.Report) {
	seen := map[int]bool{}
	var ups []Upload
	for _, u := range r.Uploads {
		seen[u.Index] = true
		ups = append(ups, Upload{Index: u.Index, Start: u.Start.D(), Latency: u.Latency.D(), Status: u.Status,
			Error: u.Error, DocStatus: u.DocStatus, Open: u.Start.D() <= e.At && (u.Start+u.Latency).D() > e.At})
	}
	for _, u := range e.Uploads {
		if !seen[u.Index] {
			ups = append(ups, u)
		}
	}
	e.Uploads = ups
	for _, p := range r.Probes {
		e.Probes = append(e.Probes, Probe{At: p.At.D(), Latency: p.Latency.D(), OK: p.OK, Answered: p.Status != 0})
	}
	for _, s := range r.Samples {
		e.Samples = append(e.Samples, Sample{At: s.At.D(), Source: s.Target, Metric: s.Name, Labels: s.Labels, Value: s.Value})
	}
	e.addEvents(r.Events)
}

// addEvents keeps only the timing of server lifecycle events.
func (e *Evidence) addEvents(evs []report.Event) {
	starts := 0
	for _, ev := range evs {
		if ev.Kind != report.EventServer {
			continue
		}
		if ev.Fault {
			e.Interruptions = append(e.Interruptions, Window{Start: ev.At.D(), End: ev.End.D()})
		}
		switch ev.Name {
		case "start":
			if starts++; starts > 1 {
				e.Restarts = append(e.Restarts, ev.At.D())
			}
		case "restart":
			e.Restarts = append(e.Restarts, ev.At.D())
		}
	}
}
