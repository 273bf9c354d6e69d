package strictyaml

import "testing"

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		give    string
		want    ByteSize
		wantErr bool
	}{
		{give: "512", want: 512},
		{give: "512B", want: 512},
		{give: "80KiB", want: 80 * KiB},
		{give: "1.5MiB", want: 3 * MiB / 2},
		{give: "2GiB", want: 2 * GiB},
		{give: "80KB", want: 80_000},
		{give: "1 MB", want: 1_000_000},
		{give: "", wantErr: true},
		{give: "KiB", wantErr: true},
		{give: "-1KiB", wantErr: true},
		{give: "2TiB", wantErr: true},
		{give: "0x10", wantErr: true},
		{give: "inf", wantErr: true},
		{give: "NaN", wantErr: true},
		{give: "2000GiB", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got, err := ParseByteSize(tt.give)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("ParseByteSize(%q) = %v, %v; want %v, err %v", tt.give, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestByteSizeString(t *testing.T) {
	tests := []struct {
		give ByteSize
		want string
	}{
		{give: 0, want: "0B"}, {give: 1000, want: "1000B"}, {give: 80 * KiB, want: "80KiB"},
		{give: 3 * MiB, want: "3MiB"}, {give: GiB, want: "1GiB"}, {give: 1536, want: "1536B"},
	}
	for _, tt := range tests {
		if got := tt.give.String(); got != tt.want {
			t.Errorf("%d.String() = %q, want %q", int64(tt.give), got, tt.want)
		}
		if tt.give > 0 {
			back, err := ParseByteSize(tt.want)
			if err != nil || back != tt.give {
				t.Errorf("round trip %q = %v, %v", tt.want, back, err)
			}
		}
	}
}
