package pinyin

import (
	"cmp"
	"slices"
	"sync"
	"unicode/utf8"
)

// following indexes the dictionary's words by their first character, for
// Following; built on its first use (the handwriting pad), not at Load.
type following struct {
	once   sync.Once
	byHead map[rune][]int32 // entries beginning with the rune, heaviest first
}

var follows sync.Map // *Dict → *following

// Following returns what most often comes after text's last character:
// the rest of the dictionary's words that begin with it (清 → 廉, 风,
// 正廉洁…), most common first, each at most three characters, no
// repeats. The candidate bar offers them after a handwritten character is
// picked, so the next one is often a tap away.
func (d *Dict) Following(text string, limit int) []string {
	last, n := utf8.DecodeLastRuneInString(text)
	if n == 0 || limit <= 0 {
		return nil
	}
	v, _ := follows.LoadOrStore(d, &following{})
	f := v.(*following)
	f.once.Do(func() {
		f.byHead = map[rune][]int32{}
		for i, e := range d.entries {
			head, size := utf8.DecodeRuneInString(e.text)
			if size < len(e.text) {
				f.byHead[head] = append(f.byHead[head], int32(i))
			}
		}
		for _, ids := range f.byHead {
			slices.SortStableFunc(ids, func(a, b int32) int {
				return cmp.Compare(d.entries[b].weight, d.entries[a].weight)
			})
		}
	})
	var out []string
	seen := map[string]bool{}
	for _, i := range f.byHead[last] {
		rest := d.entries[i].text[n:]
		if utf8.RuneCountInString(rest) > 3 || seen[rest] {
			continue
		}
		seen[rest] = true
		out = append(out, rest)
		if len(out) == limit {
			break
		}
	}
	return out
}
