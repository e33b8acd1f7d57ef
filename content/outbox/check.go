package outbox

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"qingfeng/content"
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
//
// Times are not among them. A kiosk's clock can be wrong (a board without
// a clock battery starts in 1970; one set by hand may run ahead), but the
// batch is signed, so its times are what that clock said, and a time
// cannot break a sum: JSON holds years 0 to 9999, whose seconds fit SQLite
// and whose months its date functions name. Refusing the batch would lose
// the residents' opinions in it for good, since the kiosk has marked them
// as sent; a time in the future beyond MaxSkew is refused no more than one
// in the past, for the same reasons, and because such a refusal would
// depend on the office's clock rather than on the file. So times before
// Earliest or more than MaxSkew after a batch was collected are counted,
// not refused: the district's summary says how many (collect.Summary's
// OddTimes).
var Earliest = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) // before qingfeng existed: a kiosk's clock was wrong

const (
	MaxSkew     = 48 * time.Hour       // how far a kiosk's clock may run ahead of the office's before its times are flagged
	MaxOpinions = 20_000               // per batch
	MaxViews    = 200_000              // per batch
	MaxDwell    = 400 * 24 * time.Hour // one view
	MaxTaps     = 1_000_000            // one view
	MaxText     = 5000                 // characters of an opinion's text (the kiosk's own limit is opinions.max_length)
	MaxSubject  = 200                  // characters of an opinion's subject
	MaxWord     = 100                  // characters of a category, a hold word, a site's name
	MaxSite     = 64                   // characters of a site id
	MaxTitle    = 300                  // characters of a viewed item's id or title
	MaxContact  = 4096                 // bytes of a sealed name and phone
	maxShown    = 5                    // problems named in one refusal; the rest are counted
)

var (
	uuidRE    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	screenRE  = regexp.MustCompile(`^[a-z][a-z-]{0,31}$`)
	receiptRE = regexp.MustCompile(`^[0-9A-Z-]{0,16}$`)
)

// ValidSite reports whether id can be a kiosk's site id: 1 to MaxSite
// printable characters (Chinese, letters, digits, punctuation), no space,
// no path separator, not "." or "..", nothing invisible (control and
// format characters, line separators). The district refuses batches of
// any other site id; a kiosk checks its config with the same rule. The
// rule is wide on purpose: kiosks were installed with ids such as XS_01 or
// 萧山 before ids were checked, and an upgrade must not stop them.
func ValidSite(id string) bool {
	if id == "" || id == "." || id == ".." || !utf8.ValidString(id) || utf8.RuneCountInString(id) > MaxSite {
		return false
	}
	for _, r := range id {
		if !unicode.IsGraphic(r) || unicode.IsSpace(r) || r == '/' || r == '\\' {
			return false
		}
	}
	return true
}

// Check tells whether b holds only what a kiosk writes: well-formed ids,
// its own site, sizes, counts, ratings, stays and touches in range (times
// are not checked: see Earliest). A kiosk checks each batch with it before
// writing it, the district before merging it. A problem is a *Refusal
// naming the first few.
func (b Batch) Check() error {
	var ps []string
	n := 0
	bad := func(format string, args ...any) {
		n++
		if len(ps) < maxShown {
			ps = append(ps, fmt.Sprintf(format, args...))
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
		bad("站点编号“%s”不能用：最多 %d 个字，不能有空格、“/”、“\\”或看不见的字符", shorten(b.Site), MaxSite)
	}
	words("站点名称", b.SiteName, MaxWord)
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
		if strings.TrimSpace(o.Category) == "" {
			bad("%s没有类别", what)
		}
		words(what+"的类别", o.Category, MaxWord)
		words(what+"的主题", o.Subject, MaxSubject)
		words(what+"的内容", o.Text, MaxText)
		words(what+"的敏感词", o.HeldWord, MaxWord)
		if o.Rating < content.RatingNone || o.Rating > content.RatingHappy {
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
// every character that could break or reorder a line of the terminal or
// the workbook escaped (content.Printable).
func shorten(s string) string {
	n := 0
	for i := range s { // by character; a byte that is not UTF-8 is one, escaped below
		if n == 30 {
			s = s[:i] + "…"
			break
		}
		n++
	}
	return content.Printable(s)
}
