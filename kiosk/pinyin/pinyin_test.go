package pinyin

import (
	"bytes"
	"compress/gzip"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"qingfeng/assets"
)

// bundled is the real dictionary, loaded once for all tests.
func bundled(tb testing.TB) *Dict {
	tb.Helper()
	d, err := Default()
	if err != nil {
		tb.Fatalf("Default: %v", err)
	}
	return d
}

// compressed turns dictionary lines into what Load reads.
func compressed(tb testing.TB, lines ...string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(strings.Join(lines, "\n") + "\n")); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func small(tb testing.TB) *Dict {
	tb.Helper()
	// Deliberately unsorted: Load must not depend on the generator's order.
	d, err := Load(compressed(tb,
		"# a comment line",
		"西安\txi an\t50",
		"先\txian\t100",
		"现\txian\t90",
		"想\txiang\t1000",
		"西\txi\t80",
		"下\txia\t70",
		"方案\tfang an\t10",
		"反感\tfan gan\t5",
		"方\tfang\t30",
		"反\tfan\t20",
		"清廉\tqing lian\t10",
		"清凉\tqing liang\t50",
		"清\tqing\t5",
		"略\tlue\t3",
		"绿\tlv\t5",
		"还\thai\t100",
		"还\thuan\t10",
		"还款\thuan kuan\t40",
	))
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return d
}

func texts(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

func index(cs []Candidate, text string) int {
	return slices.IndexFunc(cs, func(c Candidate) bool { return c.Text == text })
}

// TestLookupRanking pins the whole order on a dictionary small enough to
// reason about.
func TestLookupRanking(t *testing.T) {
	d := small(t)
	for _, tc := range []struct {
		in   string
		want []Candidate
	}{
		// Exact single syllables; then the unfinished xian(g), common
		// enough to beat the two-syllable 西安. No 西 for "xi": the input
		// reads as one syllable.
		{"xian", []Candidate{{"先", 4}, {"现", 4}, {"想", 4}, {"西安", 4}}},
		{"xi'an", []Candidate{{"西安", 5}, {"西", 3}}},
		// Characters only for the syllables shown, fang an.
		{"fangan", []Candidate{{"方案", 6}, {"反感", 6}, {"方", 4}}},
		{"qinglian", []Candidate{{"清廉", 8}, {"清凉", 8}, {"清", 4}}},
		{"qingl", []Candidate{{"清凉", 5}, {"清廉", 5}, {"清", 4}}},
		{"ql", []Candidate{{"清凉", 2}, {"清廉", 2}, {"清", 1}}},
		{"q", []Candidate{{"清", 1}}},
		{"lve", []Candidate{{"略", 3}}},
		{"lv", []Candidate{{"绿", 2}}},
		{"huankuan", []Candidate{{"还款", 8}, {"还", 4}}},
		{"h", []Candidate{{"还", 1}}}, // two readings, one candidate
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := d.Lookup(tc.in, 10)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Lookup(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestLookupNothing(t *testing.T) {
	d := bundled(t)
	for _, tc := range []struct {
		in    string
		limit int
	}{
		{"", 10}, {"'", 10}, {"'''", 10},
		{"vvv", 10}, {"v", 10}, {"i", 10}, {"u", 10},
		{"qingv", 10}, // a slip after a good syllable: the bar says so by staying empty
		{"QING", 10}, {"qing1", 10}, {"qing lian", 10}, {"清", 10},
		{"qing", 0}, {"qing", -1},
	} {
		if got := d.Lookup(tc.in, tc.limit); len(got) != 0 {
			t.Errorf("Lookup(%q, %d) = %v, want none", tc.in, tc.limit, texts(got))
		}
	}
}

// TestLookupBundled is what residents will type, on the real dictionary.
func TestLookupBundled(t *testing.T) {
	d := bundled(t)
	for _, tc := range []struct {
		in       string
		want     string
		within   int // among the first within candidates
		consumed int // 0: the whole input
	}{
		{"qinglian", "清廉", 1, 0},
		{"ql", "清廉", 5, 0},
		{"cw", "村务", 5, 0},
		{"wx", "微信", 1, 0},
		{"ljfl", "垃圾分类", 1, 0},
		{"jjyl", "居家养老", 1, 0},
		{"wgy", "网格员", 1, 0},
		{"qingl", "清廉", 3, 0},
		{"qlian", "清廉", 3, 0},
		{"qinglia", "清廉", 1, 0},
		{"qing'lian", "清廉", 1, 0},
		{"xian", "先", 3, 0},
		{"xian", "现", 5, 0},
		{"xi'an", "西安", 1, 0},
		{"fangan", "方案", 1, 0},
		{"fangan", "反感", 5, 0},
		{"yinhang", "银行", 1, 0},
		{"chongxin", "重新", 1, 0},
		{"huankuan", "还款", 1, 0},
		{"cunzhang", "村长", 1, 0},
		{"kuaiji", "会计", 3, 0},
		{"nihao", "你好", 1, 0},
		{"women", "我们", 1, 0},
		{"zhongguo", "中国", 1, 0},
		{"lve", "略", 5, 0},
		{"lv", "绿", 5, 0},
		// Single letters and initials give common characters.
		{"d", "的", 1, 0},
		{"w", "我", 3, 0},
		{"s", "是", 3, 0},
		{"zh", "这", 5, 0},
		{"sh", "是", 5, 0},
		{"ch", "出", 10, 0},
		{"a", "啊", 3, 0},
		// Character by character: the first syllable's character uses only
		// its letters; after an apostrophe, the apostrophe too.
		{"qinglian", "清", 40, 4},
		{"qinglian", "青", 40, 4},
		{"qinglian", "轻", 40, 4},
		{"cunwu", "村", 6, 3},
		{"xi'an", "西", 40, 3},
		{"ljfl", "垃圾", 40, 2},
		{"qinglianwenhua", "清廉文化", 1, 0},
		{"qinglianzhengzhi", "清廉", 3, 8},
		{"nihao", "你", 3, 2},
		{"woxiangfanying", "我想", 2, 7},
		// Initials that could also begin a longer syllable.
		{"zhyz", "智慧印章", 5, 0},
		{"gzh", "公众号", 10, 0},
		{"lset", "留守儿童", 3, 0},
	} {
		t.Run(tc.in+"/"+tc.want, func(t *testing.T) {
			got := d.Lookup(tc.in, tc.within)
			i := index(got, tc.want)
			if i < 0 {
				t.Fatalf("Lookup(%q): %s not among %v", tc.in, tc.want, texts(got))
			}
			consumed := tc.consumed
			if consumed == 0 {
				consumed = len(tc.in)
			}
			if got[i].Consumed != consumed {
				t.Errorf("Lookup(%q): %s consumes %d, want %d", tc.in, tc.want, got[i].Consumed, consumed)
			}
		})
	}
}

// TestLookupOrder checks ranking between two candidates of one input.
func TestLookupOrder(t *testing.T) {
	d := bundled(t)
	for _, tc := range []struct{ in, first, then string }{
		{"xian", "先", "西安"},
		{"xian", "现", "西安"},
		{"fangan", "方案", "反感"},
		{"qinglian", "清廉", "清"},
		{"qinglia", "清廉", "清凉"},
		{"a", "啊", "爱"},
	} {
		got := d.Lookup(tc.in, 500)
		i, j := index(got, tc.first), index(got, tc.then)
		if i < 0 || j < 0 || i > j {
			t.Errorf("Lookup(%q): %s at %d, %s at %d; want both, %s first", tc.in, tc.first, i, tc.then, j, tc.first)
		}
	}
}

// TestLookupShape checks what must hold for every input: no text twice,
// whole matches before partial ones, the longest partial first, a shorter
// limit giving the start of a longer one.
func TestLookupShape(t *testing.T) {
	d := bundled(t)
	for _, in := range benchInputs(t) {
		long := d.Lookup(in, 60)
		if len(long) == 0 {
			t.Errorf("Lookup(%q): nothing", in)
			continue
		}
		seen := map[string]bool{}
		for i, c := range long {
			if seen[c.Text] {
				t.Errorf("Lookup(%q): %s twice", in, c.Text)
			}
			seen[c.Text] = true
			if c.Consumed <= 0 || c.Consumed > len(in) {
				t.Errorf("Lookup(%q): %s consumes %d", in, c.Text, c.Consumed)
			}
			if i > 0 && c.Consumed > long[i-1].Consumed {
				t.Errorf("Lookup(%q): %s (%d) after %s (%d)", in, c.Text, c.Consumed, long[i-1].Text, long[i-1].Consumed)
			}
		}
		if short := d.Lookup(in, 7); !slices.Equal(short, long[:min(7, len(long))]) {
			t.Errorf("Lookup(%q, 7) = %v, not the start of Lookup(%q, 60)", in, texts(short), in)
		}
	}
}

func TestSegment(t *testing.T) {
	d := bundled(t)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"qinglian", "qing lian"},
		{"ql", "q l"},
		{"qingl", "qing l"},
		{"qlian", "q lian"},
		{"qinglia", "qing lia"},
		{"xian", "xian"},
		{"xi'an", "xi'an"},
		{"'xian", "'xian"},
		{"xian'", "xian'"},
		{"fangan", "fang an"},
		{"zhongguo", "zhong guo"},
		{"ljfl", "l j f l"},
		{"zh", "zh"},
		{"shi", "shi"},
		{"tiananmen", "tian an men"},
		{"cunwugongkai", "cun wu gong kai"},
		{"lve", "lve"},
		{"qingv", "qing v"},
		{"qing'v", "qing'v"},
		{"vvv", "vvv"},
		{"QING", "QING"},
		{"zhyz", "zh y z"},
		{"lset", "l se t"},
		{"gzh", "g zh"},
	} {
		if got := d.Segment(tc.in); got != tc.want {
			t.Errorf("Segment(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDrawable: the bar must never show a character as an empty box.
func TestDrawable(t *testing.T) {
	d := bundled(t)
	if len(d.entries) < 40000 {
		t.Fatalf("only %d entries", len(d.entries))
	}
	for _, e := range d.entries {
		for _, r := range e.text {
			if !unicode.Is(unicode.Han, r) || !assets.HasGlyph(r) {
				t.Errorf("%s: %c (U+%04X) cannot be drawn", e.text, r, r)
			}
		}
	}
}

// TestVillageWords: every curated word is in and can be typed both in full
// and by its initials.
func TestVillageWords(t *testing.T) {
	d := bundled(t)
	data, err := os.ReadFile("../../assets/pinyin/village-words.tsv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for l := range strings.Lines(string(data)) {
		l = strings.TrimSuffix(l, "\n")
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		cols := strings.Split(l, "\t")
		if len(cols) != 3 {
			t.Errorf("%q: want 3 columns", l)
			continue
		}
		n++
		word, syl := cols[0], strings.Fields(cols[1])
		full := strings.Join(syl, "")
		initials := ""
		for _, s := range syl {
			initials += s[:1]
		}
		for _, in := range []string{full, initials} {
			got := d.Lookup(in, 30)
			if i := index(got, word); i < 0 {
				t.Errorf("%s: not among the first 30 for %q: %v", word, in, texts(got))
			} else if got[i].Consumed != len(in) {
				t.Errorf("%s: consumes %d of %q", word, got[i].Consumed, in)
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d curated words", n)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"not gzip", []byte("清廉\tqing lian\t1\n"), "gzip"},
		{"empty", compressed(t, "# nothing"), "no entries"},
		{"two columns", compressed(t, "清廉\tqing lian"), "line 1"},
		{"bad weight", compressed(t, "清\tqing\t1", "清廉\tqing lian\tmany"), "line 2: weight"},
		{"tones", compressed(t, "清廉\tqīng lián\t1"), "toneless"},
		{"double space", compressed(t, "清廉\tqing  lian\t1"), "toneless"},
		{"count", compressed(t, "清廉\tqinglian\t1"), "1 syllables for 2 characters"},
		{"no text", compressed(t, "\tqing\t1"), "no text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestDefaultOnce(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*Dict, 8)
	for i := range got {
		wg.Go(func() {
			d, err := Default()
			if err != nil {
				t.Error(err)
			}
			got[i] = d
			d.Lookup("qinglian", 7)
		})
	}
	wg.Wait()
	for _, d := range got {
		if d == nil || d != got[0] {
			t.Fatal("Default returned different dictionaries")
		}
	}
}
