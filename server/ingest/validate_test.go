package ingest

import (
	"strings"
	"testing"
)

func validUpload() Upload {
	return Upload{Title: "Quarterly Report", FileName: "report.md", Content: []byte("First paragraph.\n\nSecond one.")}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name  string
		give  func(*Upload)
		code  Code   // "" = valid
		field string // expected field
	}{
		{"valid", func(*Upload) {}, "", ""},
		{"no title", func(u *Upload) { u.Title = "  " }, CodeValidation, "title"},
		{"title without word char", func(u *Upload) { u.Title = "!!! --- ???" }, CodeValidation, "title"},
		{"title traversal", func(u *Upload) { u.Title = "../../etc/passwd" }, CodePathTraversal, "title"},
		{"title backslash traversal", func(u *Upload) { u.Title = `..\..\win` }, CodePathTraversal, "title"},
		{"title absolute", func(u *Upload) { u.Title = "/etc/passwd" }, CodePathTraversal, "title"},
		{"title NUL", func(u *Upload) { u.Title = "a\x00b" }, CodePathTraversal, "title"},
		{"title invalid utf8", func(u *Upload) { u.Title = "caf\xe9" }, CodeValidation, "title"},
		{"title control char", func(u *Upload) { u.Title = "a\x07b" }, CodeValidation, "title"},
		{"title too long", func(u *Upload) { u.Title = strings.Repeat("a", MaxTitleRunes+1) }, CodeValidation, "title"},
		{"title with slash is fine", func(u *Upload) { u.Title = "A/B testing" }, "", ""},
		{"category traversal", func(u *Upload) { u.CategoryID = "../x" }, CodePathTraversal, "category_id"},
		{"category absolute", func(u *Upload) { u.CategoryID = "/tmp" }, CodePathTraversal, "category_id"},
		{"category drive", func(u *Upload) { u.CategoryID = `C:\x` }, CodePathTraversal, "category_id"},
		{"category bad chars", func(u *Upload) { u.CategoryID = "a b" }, CodeValidation, "category_id"},
		{"category dots", func(u *Upload) { u.CategoryID = "a..b" }, CodeValidation, "category_id"},
		{"app traversal", func(u *Upload) { u.AppID = ".." }, CodePathTraversal, "app_id"},
		{"project NUL", func(u *Upload) { u.ProjectID = "p\x00" }, CodePathTraversal, "project_id"},
		{"filename traversal", func(u *Upload) { u.FileName = "../../x.md" }, CodePathTraversal, "file"},
		{"filename absolute", func(u *Upload) { u.FileName = "/etc/shadow" }, CodePathTraversal, "file"},
		{"filename NUL", func(u *Upload) { u.FileName = "x\x00.md" }, CodePathTraversal, "file"},
		{"filename invalid utf8", func(u *Upload) { u.FileName = "\xff.md" }, CodeValidation, "file"},
		{"empty file", func(u *Upload) { u.Content = nil }, CodeValidation, "file"},
		{"whitespace file", func(u *Upload) { u.Content = []byte(" \n\n\t ") }, CodeValidation, "file"},
		{"binary file", func(u *Upload) { u.Content = []byte{0xff, 0xfe, 0x00} }, CodeValidation, "file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := validUpload()
			tt.give(&u)
			got, err := Normalize(u)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Normalize: %v, want valid", err)
				}
				if got.AppID != DefaultAppID || got.ProjectID != DefaultProjectID || got.SourceType != DefaultSourceType {
					t.Errorf("defaults not filled: %+v", got)
				}
				return
			}
			var e *Error
			if !asError(err, &e) || e.Code != tt.code || e.Field != tt.field {
				t.Fatalf("Normalize: %#v, want code %s on field %q", err, tt.code, tt.field)
			}
		})
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

func TestSlug(t *testing.T) {
	tests := []struct{ give, want string }{
		{"Quarterly Report 2024", "quarterly_report_2024"},
		{"  --Hello,   World!-- ", "hello_world"},
		{"Über Café", "über_café"},
		{"日本語 テキスト", "日本語_テキスト"},
		{"../../etc", "etc"},
		{"!!!", ""},
		{strings.Repeat("ab ", 100), strings.TrimSuffix(strings.Repeat("ab_", 21), "_") + "_a"},
	}
	for _, tt := range tests {
		if got := Slug(tt.give); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestSafeFileName(t *testing.T) {
	tests := []struct{ give, want string }{
		{"notes.md", "notes.md"},
		{"dir/sub/notes.md", "notes.md"},
		{`C:\Users\me\notes.md`, "notes.md"},
		{"my notes (1).txt", "my_notes__1_.txt"},
		{".hidden", "hidden"},
		{"..", "original.txt"},
		{"", "original.txt"},
	}
	for _, tt := range tests {
		if got := SafeFileName(tt.give); got != tt.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
