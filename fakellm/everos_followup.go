package fakellm

import (
	"regexp"
	"strconv"
	"strings"
)

// Answers to EverAlgo's follow-up calls: uncovered-block assignment and
// the split of long leaves (post-processing).

type assignment struct {
	BlockID    int    `json:"block_id"`
	TopicIndex int    `json:"topic_index"`
	Reason     string `json:"reason"`
}

type assignAnswer struct {
	Assignments []assignment `json:"assignments"`
}

var (
	existingTopic = regexp.MustCompile(`^\s*(\d+): (.*?)(?: \(blocks (\d+)-(\d+)\))?\s*$`)
	uncoveredLine = regexp.MustCompile(`^\s*block (\d+): `)
)

// uncoveredAnchor is the offset of the "Existing topics:" line when an
// "Uncovered blocks:" line follows it, else -1.
func uncoveredAnchor(p string) int {
	at := lineAt(p, "Existing topics:", 0)
	if at < 0 || lineAt(p, "Uncovered blocks:", at) < 0 {
		return -1
	}
	return at
}

type listedTopic struct {
	index, lo, hi int
	ranged        bool
}

// assignUncovered assigns every listed uncovered block to the topic whose
// block range holds it, else to the nearest preceding topic, else the
// nearest following one, else topic 0.
func assignUncovered(p string) any {
	at := uncoveredAnchor(p)
	topics := listedTopics(p[at:])
	out := assignAnswer{Assignments: []assignment{}}
	if len(topics) == 0 {
		return out
	}
	for _, id := range uncoveredIDs(p[lineAt(p, "Uncovered blocks:", at):]) {
		i, why := nearestTopic(topics, id)
		out.Assignments = append(out.Assignments, assignment{BlockID: id, TopicIndex: i, Reason: why})
	}
	return out
}

func listedTopics(s string) []listedTopic {
	var out []listedTopic
	for _, l := range strings.Split(s, "\n")[1:] {
		if strings.TrimSpace(l) == "" || strings.TrimSpace(l) == "Uncovered blocks:" {
			break
		}
		m := existingTopic.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		t := listedTopic{index: atoiSafe(m[1])}
		if m[3] != "" {
			t.lo, t.hi, t.ranged = atoiSafe(m[3]), atoiSafe(m[4]), true
		}
		out = append(out, t)
	}
	return out
}

func uncoveredIDs(s string) []int {
	var out []int
	seen := map[int]bool{}
	for _, l := range strings.Split(s, "\n")[1:] {
		if strings.TrimSpace(l) == "" {
			break
		}
		if m := uncoveredLine.FindStringSubmatch(l); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func nearestTopic(ts []listedTopic, id int) (int, string) {
	before, after := -1, -1
	for k, t := range ts {
		switch {
		case !t.ranged:
		case t.lo <= id && id <= t.hi:
			return t.index, "inside the topic's block range " + itoa(t.lo) + "-" + itoa(t.hi)
		case t.hi < id && (before < 0 || t.hi >= ts[before].hi):
			before = k
		case t.lo > id && (after < 0 || t.lo < ts[after].lo):
			after = k
		}
	}
	if before >= 0 {
		return ts[before].index, "nearest preceding topic"
	}
	if after >= 0 {
		return ts[after].index, "nearest following topic"
	}
	return ts[0].index, "no topic lists a block range; first topic"
}

type splitResult struct {
	OriginalTopic string      `json:"original_topic"`
	ShouldSplit   bool        `json:"should_split"`
	Reason        string      `json:"reason"`
	BlockRefs     *string     `json:"block_refs,omitempty"`
	Children      []algoTopic `json:"children,omitempty"`
}

type splitAnswer struct {
	Results []splitResult `json:"results"`
}

var splitHeader = regexp.MustCompile(`(?m)^--- Topic: (.*) \((\d+) blocks, (\d+) chars\) ---[ \t\r]*$`)

// splitAnchor is the offset of the first "--- Topic: ..." section header
// when "should_split" follows, else -1.
func splitAnchor(p string) int {
	loc := splitHeader.FindStringIndex(p)
	if loc == nil || !strings.Contains(p[loc[1]:], "should_split") {
		return -1
	}
	return loc[0]
}

// splitLeaves answers each section: split at its listed sub-headings when
// there are two or more (intro blocks stay with the parent), else keep.
func splitLeaves(p string) any {
	out := splitAnswer{Results: []splitResult{}}
	heads := splitHeader.FindAllStringSubmatchIndex(p, -1)
	for i, h := range heads {
		end := len(p)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		out.Results = append(out.Results, splitSection(p[h[2]:h[3]], p[h[1]:end]))
	}
	return out
}

var subHeading = regexp.MustCompile(`^\s*\[(\d+)\] `)

func splitSection(name, body string) splitResult {
	var blocks []block
	if at := lineAt(body, "Blocks:", 0); at >= 0 {
		blocks = readBlocks(strings.Split(body[at:], "\n")[1:], false)
	}
	heads := map[int]bool{}
	if at := lineAt(body, "Sub-headings found:", 0); at >= 0 {
		for _, l := range strings.Split(body[at:], "\n")[1:] {
			if m := subHeading.FindStringSubmatch(l); m != nil {
				heads[atoiSafe(m[1])] = true
			}
		}
	}
	var starts []int
	for i, b := range blocks {
		if heads[b.id] {
			starts = append(starts, i)
		}
	}
	if len(starts) < 2 {
		return splitResult{OriginalTopic: name, Reason: "fewer than two sub-headings among its blocks"}
	}
	intro := blockIDs(blocks[:starts[0]])
	r := splitResult{OriginalTopic: name, ShouldSplit: true, Reason: "one child per sub-heading", BlockRefs: &intro}
	for i, s := range starts {
		e := len(blocks)
		if i+1 < len(starts) {
			e = starts[i+1]
		}
		r.Children = append(r.Children, leafTopic(blocks[s:e], blocks[s:e]))
	}
	return r
}

func blockIDs(bs []block) string {
	ids := make([]int, len(bs))
	for i, b := range bs {
		ids[i] = b.id
	}
	return compressRanges(ids)
}
