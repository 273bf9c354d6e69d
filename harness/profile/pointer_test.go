package profile

import (
	"encoding/json"
	"testing"
)

func TestPointer(t *testing.T) {
	var doc any
	_ = json.Unmarshal([]byte(`{"data":{"doc_id":"d_1","n":3,"ok":true,"a/b":{"~":"t"},"list":[{"id":"x"}]}}`), &doc)
	tests := []struct {
		name, give, want, wantErr string
	}{
		{"member", "/data/doc_id", "d_1", ""},
		{"number", "/data/n", "3", ""},
		{"bool", "/data/ok", "true", ""},
		{"escapes", "/data/a~1b/~0", "t", ""},
		{"array index", "/data/list/0/id", "x", ""},
		{"missing", "/data/nope", "", "no value at /data/nope"},
		{"index out of range", "/data/list/1", "", "no value at /data/list/1 (array of 1)"},
		{"leading zero", "/data/list/00", "", "no value at /data/list/00 (array of 1)"},
		{"through a scalar", "/data/n/x", "", "no value at /data/n/x (not an object or array)"},
		{"object is not a scalar", "/data", "", "value at /data is not a string, number or boolean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePointer(tt.give)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.GetString(doc)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("= %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestParsePointerErrors(t *testing.T) {
	for _, give := range []string{"data", "/a~2", "/a~"} {
		if _, err := ParsePointer(give); err == nil {
			t.Errorf("ParsePointer(%q): no error", give)
		}
	}
}

func FuzzParsePointer(f *testing.F) {
	for _, s := range []string{"", "/", "/a/b", "/a~0~1", "/~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePointer(s)
		if err != nil {
			return
		}
		if got := p.String(); got != s {
			t.Fatalf("round trip %q -> %q", s, got)
		}
	})
}
