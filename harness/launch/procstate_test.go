package launch

import "testing"

func TestProcState(t *testing.T) {
	tests := []struct {
		name   string
		give   string
		want   byte
		wantOK bool
	}{
		{name: "running", give: "1234 (hangar) R 1 1234", want: 'R', wantOK: true},
		{name: "stopped", give: "1234 (hangar) T 1 1234", want: 'T', wantOK: true},
		{name: "name with parens and spaces", give: "1234 (a) b (c)) S 1", want: 'S', wantOK: true},
		{name: "truncated", give: "1234 (hangar)", wantOK: false},
		{name: "garbage", give: "nonsense", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := procState([]byte(tt.give))
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Fatalf("procState(%q) = %q, %v; want %q, %v", tt.give, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestThreadsStoppedUnknownPID(t *testing.T) {
	if _, ok := threadsStopped(-1); ok {
		t.Fatal("threadsStopped(-1) claims to know")
	}
}
