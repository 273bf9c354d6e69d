package scenario

import (
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		give         string
		want         Rate
		wantInterval time.Duration
		wantErr      bool
	}{
		{give: "5/s", want: Rate{5, time.Second}, wantInterval: 200 * time.Millisecond},
		{give: "5", want: Rate{5, time.Second}, wantInterval: 200 * time.Millisecond},
		{give: "120/m", want: Rate{120, time.Minute}, wantInterval: 500 * time.Millisecond},
		{give: "1/250ms", want: Rate{1, 250 * time.Millisecond}, wantInterval: 250 * time.Millisecond},
		{give: "3/h", want: Rate{3, time.Hour}, wantInterval: 20 * time.Minute},
		{give: "0/s", wantErr: true},
		{give: "-1/s", wantErr: true},
		{give: "5/0s", wantErr: true},
		{give: "5/fortnight", wantErr: true},
		{give: "fast", wantErr: true},
		{give: "2000000/s", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got, err := ParseRate(tt.give)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("ParseRate(%q) = %v, %v; want %v, err %v", tt.give, got, err, tt.want, tt.wantErr)
			}
			if got.Interval() != tt.wantInterval {
				t.Errorf("Interval() = %v, want %v", got.Interval(), tt.wantInterval)
			}
			if !tt.wantErr {
				back, err := ParseRate(got.String())
				if err != nil || back != got {
					t.Errorf("round trip %q = %v, %v", got.String(), back, err)
				}
			}
		})
	}
}
