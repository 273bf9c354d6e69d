package fakellm

import (
	"encoding/json"
	"testing"
)

func TestQuoteMatchesEncodingJSON(t *testing.T) {
	tests := []struct{ name, give string }{
		{name: "plain", give: "hello"},
		{name: "escapes", give: "a\"b\\c\nd\re\tf\x00g\x1f"},
		{name: "unicode", give: "héllo 世界 🚀"},
		{name: "invalid utf8", give: "a\xffb\xc3"},
		{name: "line separators", give: "a\u2028b\u2029c"},
		{name: "html stays literal", give: "<b>&</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quote(tt.give)
			var back string
			if err := json.Unmarshal([]byte(got), &back); err != nil {
				t.Fatalf("quote(%q) = %s: not JSON: %v", tt.give, got, err)
			}
			want, _ := json.Marshal(tt.give)
			var wantBack string
			json.Unmarshal(want, &wantBack)
			if back != wantBack {
				t.Fatalf("quote(%q) decodes to %q, encoding/json's to %q", tt.give, back, wantBack)
			}
		})
	}
}

func FuzzQuote(f *testing.F) {
	f.Add("a\"\\\n\x00\xff\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		var back string
		if err := json.Unmarshal([]byte(quote(s)), &back); err != nil {
			t.Fatalf("quote(%q) is not JSON: %v", s, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Fatalf("quote(%q) decodes to %q, want %q", s, back, wantBack)
		}
	})
}
