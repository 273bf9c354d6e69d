package launch

import "testing"

func TestProcState(t *testing.T) {
	tests := []struct {
		name     string
		give     string
		want     byte
		wantPgrp int
		wantOK   bool
	}{
		{name: "running", give: "1234 (hangar) R 1 1234 1234", want: 'R', wantPgrp: 1234, wantOK: true},
		{name: "stopped", give: "1234 (hangar) T 1 77 1234", want: 'T', wantPgrp: 77, wantOK: true},
		{name: "name with parens and spaces", give: "1234 (a) b (c)) S 1 9 9", want: 'S', wantPgrp: 9, wantOK: true},
		{name: "truncated", give: "1234 (hangar)", wantOK: false},
		{name: "no pgrp", give: "1234 (hangar) S 1", wantOK: false},
		{name: "garbage", give: "nonsense", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, pg, ok := procStat([]byte(tt.give))
			if ok != tt.wantOK || (ok && (got != tt.want || pg != tt.wantPgrp)) {
				t.Fatalf("procStat(%q) = %q, %d, %v; want %q, %d, %v", tt.give, got, pg, ok, tt.want, tt.wantPgrp, tt.wantOK)
			}
		})
	}
}

func TestReadGroupUnknown(t *testing.T) {
	if g, ok := readGroup(-1); ok && g.members != 0 {
		t.Fatalf("readGroup(-1) = %+v", g)
	}
}
