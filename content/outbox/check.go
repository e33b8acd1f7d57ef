package outbox

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind says, in a word kept in the district's database, why a batch file
// was refused.
type Kind string

const (
	KindSize      Kind = "size"      // larger than MaxFileBytes
	KindFormat    Kind = "format"    // not a batch, or not all of one
	KindUnsigned  Kind = "unsigned"  // no signature (a kiosk of an earlier version, or anyone)
	KindSignature Kind = "signature" // a signature that does not match: edited or forged
	KindContent   Kind = "content"   // signed, but holding what a kiosk never writes
	KindKey       Kind = "key"       // signed by a key other than the one registered for its site
	KindWithdrawn Kind = "withdrawn" // merged by an earlier version, taken out again by Check's rules
)

// Refusal is why a batch file is not merged: a sentence in Chinese for the
// office, naming the cause and what to do.
type Refusal struct {
	Kind   Kind
	Reason string
}

func (r *Refusal) Error() string { return r.Reason }

func refuse(k Kind, format string, args ...any) *Refusal {
	return &Refusal{Kind: k, Reason: fmt.Sprintf(format, args...)}
}

// The bounds Check holds a batch to. Each is far above what a kiosk writes
// (a batch a minute; a view ends when the screen changes, and the closed
// screen may stay through a long holiday) and far below what would upset
// the district's sums.
var Earliest = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // before qingfeng existed: a kiosk's clock was wrong

const (
	MaxSkew     = 48 * time.Hour       // how far a kiosk's clock may run ahead of the office's
	MaxOpinions = 20_000               // per batch
	MaxViews    = 200_000              // per batch
	MaxDwell    = 400 * 24 * time.Hour // one view
	MaxTaps     = 1_000_000            // one view
	MaxText     = 5000                 // characters of an opinion's text (the kiosk's own limit is opinions.max_length)
	MaxSubject  = 200                  // characters of an opinion's subject
	MaxWord     = 100                  // characters of a category, a hold word, a site's name
	MaxTitle    = 300                  // characters of a viewed item's id or title
	MaxContact  = 4096                 // bytes of a sealed name and phone
	maxShown    = 5                    // problems named in one refusal; the rest are counted
)

var (
	siteRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`) // content's rule for ids: sites: in package.yaml names the same ids
	uuidRE    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	screenRE  = regexp.MustCompile(`^[a-z][a-z-]{0,31}$`)
	receiptRE = regexp.MustCompile(`^[0-9A-Z-]{0,16}$`)
)

// ValidSite reports whether id can be a kiosk's site id: lowercase letters,
// digits and '-', as package.yaml's sites: names them.
func ValidSite(id string) bool { return siteRE.MatchString(id) }

// Check tells whether b holds only what a kiosk writes: well-formed ids,
// its own site, sizes, counts, ratings, stays and touches in range, times
// neither before Earliest nor more than MaxSkew after now. A problem is a
// *Refusal naming the first few.
func (b Batch) Check(now time.Time) error {
	var ps []string
	n := 0
	bad := func(format string, args ...any) {
		n++
		if len(ps) < maxShown {
			ps = append(ps, fmt.Sprintf(format, args...))
		}
	}
	when := func(what string, t time.Time) {
		switch {
		case t.Before(Earliest):
			bad("%s的时间 %s 早于 %d 年（展示屏的时钟不对）", what, t.UTC().Format(time.DateTime), Earliest.Year())
		case t.After(now.Add(MaxSkew)):
			bad("%s的时间 %s 比现在晚（展示屏的时钟不对）", what, t.UTC().Format(time.DateTime))
		}
	}
	words := func(what, s string, limit int) {
		if c := utf8.RuneCountInString(s); c > limit {
			bad("%s有 %d 个字，最多 %d 个", what, c, limit)
		}
	}
	if !uuidRE.MatchString(b.ID) {
		bad("批次编号“%s”不是展示屏生成的编号", shorten(b.ID))
	}
	if !ValidSite(b.Site) {
		bad("站点编号“%s”只能用小写英文字母、数字和“-”", shorten(b.Site))
	}
	words("站点名称", b.SiteName, MaxWord)
	when("批次写出", b.Written)
	if len(b.Opinions) > MaxOpinions {
		bad("有 %d 条意见，一个批次最多 %d 条", len(b.Opinions), MaxOpinions)
	}
	if len(b.Views) > MaxViews {
		bad("有 %d 条浏览记录，一个批次最多 %d 条", len(b.Views), MaxViews)
	}
	for i, o := range b.Opinions {
		what := fmt.Sprintf("第 %d 条意见", i+1)
		if !uuidRE.MatchString(o.UID) {
			bad("%s的编号“%s”不是展示屏生成的编号", what, shorten(o.UID))
		}
		if !receiptRE.MatchString(o.Receipt) {
			bad("%s的回执号“%s”不对", what, shorten(o.Receipt))
		}
		if o.Site != b.Site {
			bad("%s的站点是“%s”，批次的站点是“%s”", what, shorten(o.Site), shorten(b.Site))
		}
		when(what, o.At)
		if strings.TrimSpace(o.Category) == "" {
			bad("%s没有类别", what)
		}
		words(what+"的类别", o.Category, MaxWord)
		words(what+"的主题", o.Subject, MaxSubject)
		words(what+"的内容", o.Text, MaxText)
		words(what+"的敏感词", o.HeldWord, MaxWord)
		if o.Rating < 0 || o.Rating > 3 {
			bad("%s的满意度是 %d，只能是 0（没评）到 3", what, o.Rating)
		}
		if len(o.Contact) > MaxContact {
			bad("%s的联系方式有 %d 字节，最多 %d", what, len(o.Contact), MaxContact)
		}
	}
	for i, v := range b.Views {
		what := fmt.Sprintf("第 %d 条浏览记录", i+1)
		if !uuidRE.MatchString(v.UID) {
			bad("%s的编号“%s”不是展示屏生成的编号", what, shorten(v.UID))
		}
		when(what, v.At)
		if !screenRE.MatchString(v.Screen) {
			bad("%s的页面“%s”不对", what, shorten(v.Screen))
		}
		words(what+"的内容编号", v.Item, MaxTitle)
		words(what+"的标题", v.Title, MaxTitle)
		if v.DwellMS < 0 || v.DwellMS > MaxDwell.Milliseconds() {
			bad("%s的停留时间是 %d 毫秒，只能是 0 到 %d 天", what, v.DwellMS, int(MaxDwell.Hours()/24))
		}
		if v.Taps < 0 || v.Taps > MaxTaps {
			bad("%s的触摸次数是 %d，只能是 0 到 %d", what, v.Taps, MaxTaps)
		}
	}
	if n == 0 {
		return nil
	}
	list := strings.Join(ps, "；")
	if n > len(ps) {
		list += fmt.Sprintf("；另有 %d 处", n-len(ps))
	}
	return refuse(KindContent, "内容超出展示屏会写的范围，整个批次没有汇总：%s。签名对得上，说明是展示屏自己写的：展示屏的程序或时钟可能有问题，请把这个文件交给技术人员检查", list)
}

// shorten is how a refusal quotes a value from the file: short, and with
// no control character that could forge a line of the terminal or report.
func shorten(s string) string {
	r := []rune(strings.Map(func(c rune) rune {
		if unicode.IsControl(c) {
			return '�'
		}
		return c
	}, s))
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return string(r)
}
