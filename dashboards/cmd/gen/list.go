package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/hangarhq/hangar/dashboards"
)

// listMarkdown prints one table per dashboard: row, panel, queries.
func listMarkdown(w io.Writer) error {
	for _, d := range dashboards.All() {
		fmt.Fprintf(w, "### %s (`%s.json`)\n\n%s\n\n", d.Title, d.UID, d.Description)
		fmt.Fprintln(w, "| row | panel | queries |")
		fmt.Fprintln(w, "|---|---|---|")
		for _, r := range d.Rows {
			for _, p := range r.Panels {
				var qs []string
				for _, t := range p.Targets {
					qs = append(qs, "`"+strings.ReplaceAll(t.Expr, "|", `\|`)+"`")
				}
				fmt.Fprintf(w, "| %s | %s | %s |\n", r.Title, p.Title, strings.Join(qs, "<br>"))
			}
		}
		for _, a := range d.Annotations {
			fmt.Fprintf(w, "| annotation | %s | `%s` |\n", a.Name, strings.ReplaceAll(a.Expr, "|", `\|`))
		}
		fmt.Fprintln(w)
	}
	return nil
}
