package pinyin

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"qingfeng/assets"
)

// phrases are what residents of a village write in an opinion box; the
// benchmark types each one the ways people do.
var phrases = []string{
	"qing lian", "cun wu gong kai", "wo xiang fan ying", "lu deng huai le", "la ji fen lei",
	"ju jia yang lao", "wang ge yuan", "wei xin", "yi bao", "she bao", "di bao", "yang lao jin",
	"zhai ji di", "tu di liu zhuan", "cun wei hui", "cun gan bu", "dang qun fu wu zhong xin",
	"jian du", "ju bao", "tou su", "biao yang", "zi xun", "yi jian", "jian yi", "wu shui",
	"ting che", "wu ye", "chai qian", "zheng di", "bu chang", "xiang cun zhen xing",
	"gong tong fu yu", "wei sheng yuan", "lao nian shi tang", "xiao shan", "hang zhou",
	"zhe jiang", "er wei ma", "shou ji", "dian dong che", "chong dian zhuang", "kuai di",
	"gong jiao", "guang chang wu", "wen hua li tang", "yi feng yi su", "jia feng",
	"zhi hui yin zhang", "xie xie", "ni hao", "wo men", "zhong guo", "xian zai", "fang an",
	"xi an", "mei you ren guan", "tai chao le", "lao ren", "hai zi shang xue", "yi sheng",
	"kan bing tai gui", "yin hang", "chong xin", "huan kuan", "cun zhang", "wen ti",
	"jie jue", "xi wang", "gan xie", "zheng fu", "gong zuo ren yuan", "tai du hen hao",
	"fu wu", "dao lu", "shui guan po le", "ting dian", "zao yin", "che wei", "xiao qu",
	"gong yuan", "jian shen", "tiao wu", "wan shang", "zao shang", "lin ju", "zu fang",
	"fang zu", "gong zi", "bao xiao", "shen qing", "ban li", "shou xu", "ma fan",
	"yi ci", "ji shi", "fei chang man yi", "bu man yi", "xi wang jin kuai chu li",
	"qing wen", "zen me ban", "na li", "shen me shi hou", "lin pu zhen", "yi qiao zhen",
	"cheng xiang jie dao", "dai cun zhen", "jin hua zhen", "yi nong zhen", "qing feng ju",
	"zhi hui yin zhang", "xin nian kuai le", "zhu ni jian kang", "lv hua", "lve",
}

// benchInputs is each phrase typed letter by letter (every beginning up to
// twelve letters), by initials, and with the first syllable in full and the
// rest by initials: 200-odd fixed inputs of 1 to 12 letters.
func benchInputs(tb testing.TB) []string {
	tb.Helper()
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, p := range phrases {
		syl := strings.Fields(p)
		full := strings.Join(syl, "")
		for n := 1; n <= min(12, len(full)); n++ {
			add(full[:n])
		}
		initials := ""
		for _, s := range syl {
			initials += s[:1]
		}
		add(initials)
		add(syl[0] + initials[1:])
	}
	if len(out) < 200 {
		tb.Fatalf("only %d benchmark inputs", len(out))
	}
	return out
}

// BenchmarkLookup reports the spread of single lookups, which is what a
// resident feels after each key: one op is the whole input list.
func BenchmarkLookup(b *testing.B) {
	d := bundled(b)
	inputs := benchInputs(b)
	for _, limit := range []int{7, 50} {
		b.Run(fmt.Sprintf("limit=%d", limit), func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				for _, in := range inputs {
					t0 := time.Now()
					d.Lookup(in, limit)
					took = append(took, time.Since(t0))
				}
			}
			slices.Sort(took)
			at := func(p float64) float64 {
				return float64(took[int(p*float64(len(took)-1))].Nanoseconds()) / 1e3
			}
			b.ReportMetric(at(0.50), "p50-us")
			b.ReportMetric(at(0.99), "p99-us")
			b.ReportMetric(at(1), "max-us")
			b.ReportMetric(float64(len(inputs)), "inputs")
		})
	}
}

// BenchmarkSegment is the other call the keyboard makes on every key.
func BenchmarkSegment(b *testing.B) {
	d := bundled(b)
	inputs := benchInputs(b)
	for b.Loop() {
		for _, in := range inputs {
			d.Segment(in)
		}
	}
}

// BenchmarkLoad reports the time to load the bundled dictionary (ns/op)
// and the heap it holds afterwards.
func BenchmarkLoad(b *testing.B) {
	data := assets.PinyinDict()
	for b.Loop() {
		if _, err := Load(data); err != nil {
			b.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d, err := Load(data)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(d)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
	b.ReportMetric(float64(len(d.entries)), "entries")
}
