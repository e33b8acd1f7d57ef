// Package pinyin is the engine behind the kiosk's on-screen Chinese
// keyboard: it turns the letters a resident has typed into characters and
// words to tap, best first. It knows nothing of the screen; the keyboard
// widget (kiosk/widgets) asks it through a two-method interface.
//
// The dictionary is assets.PinyinDict (see assets/pinyin/README.md). It is
// indexed as a trie over syllables: every word hangs off the path of its
// syllables, and a typed piece of pinyin ("qing", or just "q") selects a
// contiguous range of syllable ids among a node's children, because ids
// follow the alphabetical order of the spellings. A lookup therefore walks
// only the paths the letters allow instead of scanning every entry.
package pinyin

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"qingfeng/assets"
)

// Candidate is one thing the resident can tap in the candidate bar.
type Candidate struct {
	Text string // 清廉
	// Consumed is how many bytes of the input, from the start, the
	// candidate stands for: all of it for a whole match, or the letters of
	// its syllables (and any apostrophes right after them) for a character
	// or a shorter word that leaves the rest for the next pick.
	Consumed int
}

// Dict is a loaded dictionary. It is never modified after Load, so any
// number of goroutines may use it at once.
type Dict struct {
	syllables []string          // spellings by id, in alphabetical order
	exact     map[string]uint16 // a whole spelling (or an accepted variant) → its id
	prefixes  map[string]span   // every beginning of a spelling → the ids spelled so
	nodes     []node            // nodes[0] is the root
	entries   []entry           // grouped by node, the most common first
}

// span is the syllable ids lo ≤ id < hi.
type span struct{ lo, hi uint16 }

// node is a syllable sequence that begins at least one word.
type node struct {
	wordLo, wordHi   int32  // entries[wordLo:wordHi] are read exactly so
	childLo, childHi int32  // nodes[childLo:childHi] add one syllable, in id order
	syl              uint16 // the last syllable of the sequence
}

type entry struct {
	text   string
	weight uint32
}

// variants are spellings residents learnt at school (ü typed as v) that
// the source writes differently: 略 lüè is "lve" on a keyboard, "lue" in
// the data.
var variants = map[string]string{"lve": "lue", "nve": "nue"}

var (
	defaultOnce sync.Once
	defaultDict *Dict
	defaultErr  error
)

// Default returns the bundled dictionary, loading it on the first call
// (some tens of milliseconds; start it early in a goroutine). Safe for
// concurrent use; every call returns the same Dict.
func Default() (*Dict, error) {
	defaultOnce.Do(func() {
		defaultDict, defaultErr = Load(assets.PinyinDict())
	})
	return defaultDict, defaultErr
}

// Load parses a dictionary in the format of assets.PinyinDict. Entries
// need not be sorted, but sorted data (as generated) loads faster.
func Load(data []byte) (*Dict, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("pinyin: %w", err)
	}
	// gzip's trailer gives the size, sparing ReadAll's repeated growing.
	var buf bytes.Buffer
	if n := len(data); n >= 4 {
		if size := binary.LittleEndian.Uint32(data[n-4:]); size < 64<<20 {
			buf.Grow(int(size) + 1)
		}
	}
	if _, err := buf.ReadFrom(zr); err != nil {
		return nil, fmt.Errorf("pinyin: %w", err)
	}
	raw := buf.Bytes()
	lines, err := parseLines(raw)
	if err != nil {
		return nil, err
	}
	d := &Dict{}
	d.indexSyllables(lines)
	seqs := d.syllableIDs(lines)
	order := sortedOrder(lines, seqs)

	var texts strings.Builder
	size := 0
	for _, l := range lines {
		size += len(l.text)
	}
	texts.Grow(size)
	for _, i := range order {
		texts.Write(lines[i].text)
	}
	all := texts.String()
	d.entries = make([]entry, len(order))
	off := 0
	for j, i := range order {
		n := len(lines[i].text)
		d.entries[j] = entry{text: all[off : off+n], weight: lines[i].weight}
		off += n
	}
	b := trieBuilder{d: d, seqs: seqs, order: order}
	d.nodes = append(d.nodes, node{})
	b.build(0, 0, len(order), 0)
	return d, nil
}

// line is one parsed entry, still pointing into the decompressed data.
type line struct {
	text   []byte
	pinyin []byte
	weight uint32
}

func parseLines(raw []byte) ([]line, error) {
	out := make([]line, 0, bytes.Count(raw, []byte{'\n'}))
	for n := 1; len(raw) > 0; n++ {
		var l []byte
		l, raw, _ = bytes.Cut(raw, []byte{'\n'})
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		text, rest, ok1 := bytes.Cut(l, []byte{'\t'})
		py, w, ok2 := bytes.Cut(rest, []byte{'\t'})
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("pinyin: line %d: want text, pinyin and weight separated by tabs", n)
		}
		weight, err := strconv.ParseUint(string(w), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("pinyin: line %d: weight: %w", n, err)
		}
		if len(text) == 0 || !utf8.Valid(text) {
			return nil, fmt.Errorf("pinyin: line %d: no text, or not UTF-8", n)
		}
		syl := 0
		for s := range bytes.SplitSeq(py, []byte{' '}) {
			if !lowercase(s) {
				return nil, fmt.Errorf("pinyin: line %d: %q is not toneless pinyin in single-spaced lowercase syllables", n, py)
			}
			syl++
		}
		if syl != utf8.RuneCount(text) {
			return nil, fmt.Errorf("pinyin: line %d: %d syllables for %d characters", n, syl, utf8.RuneCount(text))
		}
		out = append(out, line{text: text, pinyin: py, weight: uint32(weight)})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pinyin: no entries")
	}
	return out, nil
}

func lowercase(s []byte) bool {
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return len(s) > 0
}

// indexSyllables numbers the syllables the data uses in alphabetical order,
// so that all syllables beginning with the same letters have adjacent ids.
func (d *Dict) indexSyllables(lines []line) {
	seen := map[string]bool{}
	for _, l := range lines {
		for s := range bytes.SplitSeq(l.pinyin, []byte{' '}) {
			if !seen[string(s)] {
				seen[string(s)] = true // allocates only for a new syllable
			}
		}
	}
	for s := range seen {
		d.syllables = append(d.syllables, s)
	}
	slices.Sort(d.syllables)
	d.exact = make(map[string]uint16, len(d.syllables)+len(variants))
	d.prefixes = map[string]span{}
	for i, s := range d.syllables {
		id := uint16(i)
		d.exact[s] = id
		for n := 1; n <= len(s); n++ {
			p := s[:n]
			sp, ok := d.prefixes[p]
			if !ok {
				sp.lo = id
			}
			sp.hi = id + 1
			d.prefixes[p] = sp
		}
	}
	for v, s := range variants {
		id, ok := d.exact[s]
		if !ok {
			continue
		}
		d.exact[v] = id
		// A variant's own beginnings ("lv") already name other syllables;
		// only the full variant is added, standing for exactly its syllable.
		if _, ok := d.prefixes[v]; !ok {
			d.prefixes[v] = span{id, id + 1}
		}
	}
}

// sequences holds every line's syllable ids in one slice (one allocation,
// not sixty thousand): line i is ids[off[i]:off[i+1]].
type sequences struct {
	ids []uint16
	off []int32
}

func (s *sequences) of(i int) []uint16 { return s.ids[s.off[i]:s.off[i+1]] }

func (d *Dict) syllableIDs(lines []line) *sequences {
	s := &sequences{ids: make([]uint16, 0, 3*len(lines)), off: make([]int32, 0, len(lines)+1)}
	s.off = append(s.off, 0)
	for _, l := range lines {
		for syl := range bytes.SplitSeq(l.pinyin, []byte{' '}) {
			s.ids = append(s.ids, d.exact[string(syl)])
		}
		s.off = append(s.off, int32(len(s.ids)))
	}
	return s
}

// sortedOrder returns the entry indexes by syllable sequence, then weight
// (highest first): the order the trie is built in.
func sortedOrder(lines []line, seqs *sequences) []int {
	order := make([]int, len(lines))
	for i := range order {
		order[i] = i
	}
	cmp := func(a, b int) int {
		if c := slices.Compare(seqs.of(a), seqs.of(b)); c != 0 {
			return c
		}
		switch {
		case lines[a].weight > lines[b].weight:
			return -1
		case lines[a].weight < lines[b].weight:
			return 1
		}
		return a - b
	}
	// The generator already writes this order; checking is linear.
	if !slices.IsSortedFunc(order, cmp) {
		slices.SortFunc(order, cmp)
	}
	return order
}

type trieBuilder struct {
	d     *Dict
	seqs  *sequences
	order []int // entry i of the dictionary is line order[i]
}

func (b *trieBuilder) seq(i int) []uint16 { return b.seqs.of(b.order[i]) }

// build fills in node n for the entries lo ≤ i < hi, which share their
// first depth syllables; those with no more syllables sort first.
func (b *trieBuilder) build(n int32, lo, hi, depth int) {
	i := lo
	for i < hi && len(b.seq(i)) == depth {
		i++
	}
	b.d.nodes[n].wordLo, b.d.nodes[n].wordHi = int32(lo), int32(i)
	// Children are appended together so that they are contiguous, and
	// only then filled in, each over its own run of entries.
	first := int32(len(b.d.nodes))
	for j := i; j < hi; {
		syl := b.seq(j)[depth]
		k := j + 1
		for k < hi && b.seq(k)[depth] == syl {
			k++
		}
		b.d.nodes = append(b.d.nodes, node{syl: syl})
		j = k
	}
	b.d.nodes[n].childLo, b.d.nodes[n].childHi = first, int32(len(b.d.nodes))
	c := first
	for j := i; j < hi; c++ {
		k := j + 1
		for k < hi && b.seq(k)[depth] == b.seq(j)[depth] {
			k++
		}
		b.build(c, j, k, depth+1)
		j = k
	}
}
