package pinyin

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// A piece is a run of typed letters read as one syllable: either exactly
// ("qing") or as its beginning ("q", "zh", or the unfinished last
// syllable "lia"), which is an abbreviation and ranks lower.
type piece struct {
	end    int  // just after the piece's letters
	next   int  // where the next piece starts, after any apostrophes
	syl    span // the syllables the piece can stand for
	abbrev bool
	// loose: an initial read alone although the next letter could
	// continue its syllable, as the s of "lset" (留守儿童) or the w of
	// "wo". Needed for initials, unlikely otherwise.
	loose bool
}

// reading is everything a lookup or Segment needs to know about the input:
// which pieces can start where, and from where on the rest is still pinyin.
type reading struct {
	in    string
	start int       // the first letter, after leading apostrophes
	at    [][]piece // pieces starting at each position
	valid []bool    // in[i:] can be read as pieces to the end
	// best[i] is the piece (an index into at[i]) that the best reading
	// of the whole input takes at i, for the positions it passes.
	best []int
}

// pinyinLetters reports whether in has only what the keyboard types.
func pinyinLetters(in string) bool {
	for i := 0; i < len(in); i++ {
		if c := in[i]; (c < 'a' || c > 'z') && c != '\'' {
			return false
		}
	}
	return true
}

func skipApostrophes(in string, i int) int {
	for i < len(in) && in[i] == '\'' {
		i++
	}
	return i
}

// read finds the pieces of in. Which beginnings count as a syllable is
// what makes abbreviations useful without flooding the bar:
//   - at the very end, any beginning (the resident is still typing it);
//   - elsewhere only an initial (one letter, or zh ch sh): "ql" is q+l.
//     Where the next letter could continue the syllable (the q of "qing")
//     the initial is loose and ranks low, except z, c or s before an h
//     that cannot go on as zh, ch, sh: in "zhyz" (智慧印章) z+h is as
//     likely as zh.
func (d *Dict) read(in string) *reading {
	n := len(in)
	r := &reading{in: in, at: make([][]piece, n+1), valid: make([]bool, n+1)}
	r.valid[n] = true
	for pos := n - 1; pos >= 0; pos-- {
		if in[pos] == '\'' {
			continue
		}
		for end := pos + 1; end <= n && in[end-1] != '\''; end++ {
			s := in[pos:end]
			sp, ok := d.prefixes[s]
			if !ok {
				break // no syllable begins so, nor with anything longer
			}
			next := skipApostrophes(in, end)
			if id, ok := d.exact[s]; ok {
				r.at[pos] = append(r.at[pos], piece{end: end, next: next, syl: span{id, id + 1}})
				if sp.lo == id {
					sp.lo++ // the spelling itself sorts first among those it begins
				}
			}
			if sp.lo == sp.hi {
				continue
			}
			if end == n {
				r.at[pos] = append(r.at[pos], piece{end: end, next: next, syl: sp, abbrev: true})
			} else if initial, loose := d.initial(in, pos, end); initial {
				r.at[pos] = append(r.at[pos], piece{end: end, next: next, syl: sp, abbrev: true, loose: loose})
			}
		}
		for _, p := range r.at[pos] {
			if r.valid[p.next] {
				r.valid[pos] = true
				break
			}
		}
	}
	r.start = skipApostrophes(in, 0)
	if r.ok() {
		r.best = r.bestReading()
	}
	return r
}

// initial reports whether in[pos:end], followed by more input, can stand
// for a syllable by its initial, and whether it is loose (see read).
func (d *Dict) initial(in string, pos, end int) (initial, loose bool) {
	s := in[pos:end]
	if len(s) != 1 && s != "zh" && s != "ch" && s != "sh" {
		return false, false
	}
	if in[end] == '\'' {
		return true, false
	}
	if (s == "z" || s == "c" || s == "s") && in[end] == 'h' {
		// z+h is loose only where zh could go on: in "zhang", not "zhyz".
		if end+1 == len(in) || in[end+1] == '\'' {
			return true, false
		}
		_, continues := d.prefixes[in[pos:end+2]]
		return true, continues
	}
	_, continues := d.prefixes[in[pos:end+1]]
	return true, continues
}

// ok reports whether the whole input reads as pinyin.
func (r *reading) ok() bool { return r.start < len(r.in) && r.valid[r.start] }

// hit is a word found for the input, with what decides its rank.
type hit struct {
	entry    int32
	consumed int32 // len(input) for a whole match
	score    float64
}

// What a reading costs, against the natural logarithm of a word's weight:
// an unfinished or abbreviated last syllable costs as much as being 55
// times rarer, so "xian" offers 先 线 县 现 before 想 (xiang), yet
// "zhonggu" offers 中国 before the rare but exact 中古; each syllable costs
// a factor of 4.5, so 西安 comes after the common xian characters; a loose
// initial a factor of 7.
const (
	costUnfinished = 4.0
	costSyllable   = 1.5
	costLoose      = 2.0
)

type search struct {
	d     *Dict
	r     *reading
	limit int
	hits  []hit
}

// path is how the input was read down to a trie node.
type path struct {
	pos       int // input read so far
	syllables int
	loose     int
	lastCut   bool // the last syllable was only begun
	best      bool // every piece so far is the best reading's
}

// Lookup returns at most limit candidates for input (letters a–z, with '
// to separate syllables), best first, no text twice:
//
//  1. words that use the whole input, the more common first, less the
//     costs above of the way the input had to be read for them;
//  2. then characters and shorter words for its beginning, the longest
//     first, so a resident can also pick character by character. They
//     follow the syllables Segment shows ("qinglian" offers 清 for qing,
//     not 亲 for qin), so that what is left is still good pinyin.
//
// Input that is not pinyin ("vvv", a digit, "qingv") gives none.
func (d *Dict) Lookup(input string, limit int) []Candidate {
	if limit <= 0 || !pinyinLetters(input) {
		return nil
	}
	r := d.read(input)
	if !r.ok() {
		return nil
	}
	s := &search{d: d, r: r, limit: limit}
	s.walk(0, path{pos: r.start, best: true})

	slices.SortFunc(s.hits, func(a, b hit) int {
		// Whole matches consume the most, so one comparison orders both.
		if c := cmp.Compare(b.consumed, a.consumed); c != 0 {
			return c
		}
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.entry, b.entry)
	})
	out := make([]Candidate, 0, min(limit, len(s.hits)))
	seen := make(map[string]bool, cap(out))
	for _, h := range s.hits {
		t := d.entries[h.entry].text
		if seen[t] {
			continue // a better reading of the same text is already in
		}
		seen[t] = true
		out = append(out, Candidate{Text: t, Consumed: int(h.consumed)})
		if len(out) == limit {
			break
		}
	}
	return out
}

// walk visits trie node n, reached by reading the input along at.
func (s *search) walk(n int32, at path) {
	nd := &s.d.nodes[n]
	if at.syllables > 0 && (at.pos == len(s.r.in) || at.best) {
		cost := costSyllable*float64(at.syllables) + costLoose*float64(at.loose)
		if at.lastCut {
			cost += costUnfinished
		}
		// Words of a node differ only in weight and come most common
		// first, so more than limit of them can never be shown.
		hi := nd.wordHi
		if int(hi-nd.wordLo) > s.limit {
			hi = nd.wordLo + int32(s.limit)
		}
		for e := nd.wordLo; e < hi; e++ {
			score := math.Log1p(float64(s.d.entries[e].weight)) - cost
			s.hits = append(s.hits, hit{entry: e, consumed: int32(at.pos), score: score})
		}
	}
	if at.pos == len(s.r.in) {
		return
	}
	kids := s.d.nodes[nd.childLo:nd.childHi]
	for k, p := range s.r.at[at.pos] {
		if !s.r.valid[p.next] {
			continue
		}
		next := path{pos: p.next, syllables: at.syllables + 1, loose: at.loose, lastCut: p.abbrev,
			best: at.best && s.r.best[at.pos] == k}
		if p.loose {
			next.loose++
		}
		// Children are in id order; the piece's syllables are one id range.
		i, j := 0, len(kids)
		for i < j {
			h := int(uint(i+j) >> 1)
			if kids[h].syl < p.syl.lo {
				i = h + 1
			} else {
				j = h
			}
		}
		for ; i < len(kids) && kids[i].syl < p.syl.hi; i++ {
			s.walk(nd.childLo+int32(i), next)
		}
	}
}

// Segment spaces the input into the syllables it is best read as, for
// display above the candidates: "qinglian" → "qing lian", "ql" → "q l",
// "qingl" → "qing l". Apostrophes the resident typed stay where they are;
// letters that are not pinyin are left as typed after the part that is.
func (d *Dict) Segment(input string) string {
	if input == "" || !pinyinLetters(input) {
		return input
	}
	for k := len(input); k > 0; k-- {
		r := d.read(input[:k])
		if !r.ok() {
			continue
		}
		seg := r.format()
		switch {
		case k == len(input):
			return seg
		case input[k-1] == '\'' || input[k] == '\'':
			return seg + input[k:]
		default:
			return seg + " " + input[k:]
		}
	}
	return input
}

// bestReading picks the reading with the fewest loose initials, then the
// fewest abbreviated syllables, then the fewest syllables; on a tie the
// longer syllable comes first ("fangan" is fang an, not fan gan).
func (r *reading) bestReading() []int {
	n := len(r.in)
	type cost struct{ loose, abbrev, pieces int }
	costs := make([]cost, n+1)
	choice := make([]int, n+1)
	for pos := n - 1; pos >= r.start; pos-- {
		if !r.valid[pos] || r.in[pos] == '\'' {
			continue
		}
		choice[pos] = -1
		var best cost
		for i, p := range r.at[pos] {
			if !r.valid[p.next] {
				continue
			}
			c := costs[p.next]
			c.pieces++
			if p.abbrev {
				c.abbrev++
			}
			if p.loose {
				c.loose++
			}
			better := choice[pos] < 0 || c.loose < best.loose ||
				c.loose == best.loose && (c.abbrev < best.abbrev ||
					c.abbrev == best.abbrev && (c.pieces < best.pieces ||
						c.pieces == best.pieces && p.end > r.at[pos][choice[pos]].end))
			if better {
				best, choice[pos] = c, i
			}
		}
		costs[pos] = best
	}
	return choice
}

// format writes the best reading out, a space between syllables.
func (r *reading) format() string {
	n := len(r.in)
	var b strings.Builder
	b.WriteString(r.in[:r.start])
	for pos := r.start; pos < n; {
		p := r.at[pos][r.best[pos]]
		b.WriteString(r.in[pos:p.end])
		if p.next > p.end {
			b.WriteString(r.in[p.end:p.next])
		} else if p.next < n {
			b.WriteByte(' ')
		}
		pos = p.next
	}
	return b.String()
}
