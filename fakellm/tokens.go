package fakellm

import (
	"unicode"
	"unicode/utf8"
)

// maxPieceRunes is how many letters or digits one token piece holds, about
// the 4 characters per token of BPE tokenizers on English text.
const maxPieceRunes = 4

// tokenize splits text into token pieces whose concatenation is text: a
// piece is an optional leading space plus up to four letters/digits, or a
// single other character. len(tokenize(s)) is the token count used for
// usage, max_tokens and stream chunks.
func tokenize(text string) []string {
	out := make([]string, 0, len(text)/3+1)
	for i := 0; i < len(text); {
		j := pieceEnd(text, i)
		out = append(out, text[i:j])
		i = j
	}
	return out
}

// countTokens is len(tokenize(text)) without allocating.
func countTokens(text string) int {
	n := 0
	for i := 0; i < len(text); n++ {
		i = pieceEnd(text, i)
	}
	return n
}

// tokensEnd is the byte length of the first n pieces of text:
// text[:tokensEnd(text, n)] is strings.Join(tokenize(text)[:n], "") and
// tokenizes into those same n pieces, since where a piece ends never
// depends on the text after that end.
func tokensEnd(text string, n int) int {
	i := 0
	for ; i < len(text) && n > 0; n-- {
		i = pieceEnd(text, i)
	}
	return i
}

// pieceEnd is where the piece starting at s[i] ends. ASCII text takes no
// call: this runs per token, on every request.
func pieceEnd(s string, i int) int {
	if s[i] == ' ' && i+1 < len(s) && isWordAt(s, i+1) {
		i++
	}
	if c := s[i]; c < utf8.RuneSelf {
		if !asciiWord[c] {
			return i + 1
		}
		i++
	} else {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWord(r) {
			return i + size
		}
		i += size
	}
	for n := 1; i < len(s) && n < maxPieceRunes; n++ {
		if c := s[i]; c < utf8.RuneSelf { // ASCII fast path
			if !asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWord(r) {
			break
		}
		i += size
	}
	return i
}

// isWordAt reports whether the rune at s[i] is a letter or digit.
func isWordAt(s string, i int) bool {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiWord[c]
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWord(r)
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf { // ASCII fast path
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()
