package fakellm

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// block is one numbered atom of an EverAlgo topic-tree prompt.
type block struct {
	id   int
	text string
}

// EverAlgo's topic-tree prompt lists the document's atoms below these two
// lines; the listing ends at the first blank line.
const paragraphsHeader = "Paragraphs (format: ID: content):"

var (
	totalLine = regexp.MustCompile(`(?m)^Total paragraphs: (\d+) \(IDs (\d+) to (\d+)\)[ \t\r]*$`)
	idLine    = regexp.MustCompile(`^(\d{1,7}): ?(.*)$`)
)

// lineAt is the byte offset of the first line of s (at or after from) equal
// to line, ignoring trailing white space; -1 if none.
func lineAt(s, line string, from int) int {
	for i := from; i < len(s); {
		end := strings.IndexByte(s[i:], '\n')
		if end < 0 {
			end = len(s) - i
		}
		if strings.TrimRight(s[i:i+end], " \t\r") == line {
			return i
		}
		i += end + 1
	}
	return -1
}

// linePrefixAt is like lineAt for a line that starts with prefix.
func linePrefixAt(s, prefix string, from int) int {
	for i := from; i < len(s); {
		end := strings.IndexByte(s[i:], '\n')
		if end < 0 {
			end = len(s) - i
		}
		if strings.HasPrefix(s[i:i+end], prefix) {
			return i
		}
		i += end + 1
	}
	return -1
}

// topicTreeAnchor is the offset of the "Total paragraphs" line when the
// paragraphs header follows it, else -1.
func topicTreeAnchor(p string) int {
	loc := totalLine.FindStringIndex(p)
	if loc == nil || lineAt(p, paragraphsHeader, loc[1]) < 0 {
		return -1
	}
	return loc[0]
}

// algoBlocks reads the "ID: content" listing under the paragraphs header.
// A line "N: text" whose N follows the previous id (any N for the first)
// starts a block; any other line continues the previous one, since merged
// list and table atoms span lines. A blank line ends the listing.
func algoBlocks(p string) []block {
	at := lineAt(p, paragraphsHeader, max(topicTreeAnchor(p), 0))
	if at < 0 {
		return nil
	}
	return readBlocks(strings.Split(p[at:], "\n")[1:], true)
}

// readBlocks parses "N: text" lines up to a blank line; with sequential,
// only the next id starts a new block.
func readBlocks(lines []string, sequential bool) []block {
	var out []block
	for _, l := range lines {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			break
		}
		if m := idLine.FindStringSubmatch(l); m != nil {
			n, err := strconv.Atoi(m[1])
			if err == nil && (len(out) == 0 || !sequential || n == out[len(out)-1].id+1) {
				out = append(out, block{id: n, text: m[2]})
				continue
			}
		}
		if len(out) == 0 {
			break
		}
		out[len(out)-1].text += "\n" + strings.TrimSpace(l)
	}
	return out
}

// compressRanges renders ids as EverAlgo's compressed range notation,
// "0-2,5,8-10": sorted, duplicates dropped, no spaces.
func compressRanges(ids []int) string {
	s := append([]int(nil), ids...)
	sort.Ints(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] <= s[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(s[i]))
		if s[j] != s[i] {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(s[j]))
		}
		i = j + 1
	}
	return b.String()
}

// parseRanges reads compressed range notation the way EverAlgo's
// parse_segment_ranges does: comma-separated parts, each "a-b" (split at
// the first '-') or "n", surrounding spaces allowed; a part that does not
// parse is skipped. Only ids in [0, limit) are kept, so a huge range
// cannot allocate without bound.
func parseRanges(s string, limit int) []int {
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, ok := rangePart(part)
		if !ok {
			continue
		}
		for n := max(lo, 0); n <= hi && n < limit; n++ {
			out = append(out, n)
		}
	}
	return out
}

func rangePart(part string) (lo, hi int, ok bool) {
	a, b, isRange := strings.Cut(part, "-")
	lo, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, false
	}
	if !isRange {
		return lo, lo, true
	}
	hi, err = strconv.Atoi(strings.TrimSpace(b))
	return lo, hi, err == nil
}
