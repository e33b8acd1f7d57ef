package parse

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"qingfeng/content"
)

// NoticesFile is the plain-text file of notices a clerk writes in
// Notepad, at the top of a package (a plain folder too): no YAML to get
// wrong. package.yaml's notices: list says the same for the district.
const NoticesFile = "通知.txt"

// maxNoticesBytes bounds 通知.txt before it is read: twenty notices of
// three hundred characters are some 20 KB.
const maxNoticesBytes = 64 << 10

// noticeKeys are the names of a notice's lines in 通知.txt, in the order
// they are written, and the YAML key each stands for.
var noticeKeys = []struct{ zh, en string }{
	{"标题", "title"}, {"级别", "level"}, {"开始", "start"}, {"结束", "end"}, {"站点", "sites"}, {"内容", "text"},
}

// rawNotice is one notice as written, before it is checked; lines holds
// the line of each field by its YAML key, line the notice's first.
type rawNotice struct {
	file                           string
	line                           int
	lines                          map[string]int
	title, text, level, start, end string
	sites                          []string
	// broken: a line of it was refused already.
	broken bool
	// named is how the fields are named to the clerk: 标题 in 通知.txt,
	// title in package.yaml.
	named func(key string) string
}

func (n *rawNotice) at(key string) int {
	if l, ok := n.lines[key]; ok {
		return l
	}
	return n.line
}

// readYAMLNotices reads package.yaml's notices: list.
func (r *reader) readYAMLNotices(f *file, m *mapping) {
	_, r.declaresNotices = m.vals["notices"]
	for i, node := range m.list("notices", false) {
		if node.Kind != yaml.MappingNode {
			r.ps.Errorf(f.path, node.Line, "第%d条通知应为包含 title、text、level、start、end 的一组内容", i+1)
			continue
		}
		nm := newMapping(node, f.path, 0, &r.ps)
		nm.checkKeys("title", "text", "level", "start", "end", "sites")
		raw := rawNotice{file: f.path, line: node.Line, lines: map[string]int{},
			named: func(key string) string { return key }}
		for _, k := range []string{"title", "text", "level", "start", "end", "sites"} {
			if _, ok := nm.vals[k]; ok {
				raw.lines[k] = nm.line(k)
			}
		}
		raw.title, raw.text = nm.str("title", false), nm.str("text", false)
		raw.level, raw.start, raw.end = nm.str("level", false), nm.str("start", false), nm.str("end", false)
		raw.sites = nm.strList("sites", false)
		r.addNotice(raw)
	}
}

// readNoticesText reads 通知.txt: each notice starts at a line
// 标题：…, then 级别、开始、结束、站点 lines, then 内容：, whose text runs
// on, blank lines and all, until the next 标题.
func (r *reader) readNoticesText(f *file) {
	if f.size > maxNoticesBytes {
		r.ps.Errorf(f.path, 0, "通知文件有%s，超过%s的上限：一个内容包最多%d条通知，每条不超过%d个字", humanBytes(f.size), humanBytes(maxNoticesBytes), content.MaxNotices, content.MaxNoticeTextRunes)
		return
	}
	if f.size == 0 {
		// Notepad saves a file whose every line was deleted as 0 bytes:
		// that is a clerk withdrawing the last notice, not a file still
		// being copied (then its size changes and it is read again).
		return
	}
	text, ok := r.readText(f)
	if !ok {
		return
	}
	zh := map[string]string{}
	en := map[string]string{}
	for _, k := range noticeKeys {
		zh[k.en], en[k.zh] = k.zh, k.en
	}
	named := func(key string) string { return zh[key] }
	var cur *rawNotice
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
		if cur.lines["text"] != 0 {
			cur.text = strings.TrimSpace(strings.Join(body, "\n"))
		}
		r.addNotice(*cur)
		cur, body = nil, nil
	}
	orphan := false
	n := 0
	for l := range strings.SplitSeq(text, "\n") {
		n++
		t := strings.TrimSpace(l)
		key, val, isKey := noticeLine(t, en)
		if isKey && key == "title" {
			flush()
			cur = &rawNotice{file: f.path, line: n, lines: map[string]int{"title": n}, title: val, named: named}
			continue
		}
		switch {
		case cur == nil:
			if t != "" && !strings.HasPrefix(t, "#") && !orphan {
				orphan = true
				r.ps.Errorf(f.path, n, "每条通知要从“标题：”这一行开始写，这一行前面没有标题")
			}
		case cur.lines["text"] != 0:
			body = append(body, strings.TrimRight(l, " \t"))
		case isKey && cur.lines[key] != 0:
			cur.broken = true
			r.ps.Errorf(f.path, n, "“%s”写了两次（第%d行已经写过）", zh[key], cur.lines[key])
		case isKey:
			cur.lines[key] = n
			switch key {
			case "level":
				cur.level = val
			case "start":
				cur.start = val
			case "end":
				cur.end = val
			case "sites":
				cur.sites = strings.FieldsFunc(val, func(c rune) bool { return strings.ContainsRune(",，、;； \t", c) })
			case "text":
				body = append(body, val)
			}
		case t != "":
			cur.broken = true
			r.ps.Errorf(f.path, n, "这一行看不懂：“%s”。每行应写成“名称：内容”，名称是 标题、级别、开始、结束、站点、内容 之一；内容可以写好几行，放在最后", shorten(t))
		}
	}
	flush()
}

// noticeLine splits "名称：值" (a Chinese or English colon) when 名称 is
// one of a notice's fields.
func noticeLine(t string, en map[string]string) (key, val string, ok bool) {
	i := strings.IndexAny(t, ":：")
	if i < 0 {
		return "", "", false
	}
	key, ok = en[strings.TrimSpace(t[:i])]
	_, w := utf8.DecodeRuneInString(t[i:])
	return key, strings.TrimSpace(t[i+w:]), ok
}

// addNotice checks one notice and keeps it if it can be shown: every
// problem with its file and line.
func (r *reader) addNotice(raw rawNotice) {
	if r.notices++; r.notices > content.MaxNotices {
		if r.notices == content.MaxNotices+1 { // said once
			r.ps.Errorf(raw.file, raw.line, "通知太多了：一个内容包最多%d条，请把过期的删掉", content.MaxNotices)
		}
		return
	}
	errs := len(r.ps)
	bad := func() bool {
		for _, p := range r.ps[errs:] {
			if p.Severity == content.Error {
				return true
			}
		}
		return false
	}
	f, name := raw.file, raw.named
	n := content.Notice{File: f, Line: raw.line, Title: raw.title, Text: raw.text, Sites: raw.sites}
	for _, field := range []struct {
		key, value string
		most       int
	}{{"title", raw.title, content.MaxNoticeTitleRunes}, {"text", raw.text, content.MaxNoticeTextRunes}} {
		switch c, odd := UnsafeRune(field.value); {
		case field.value == "":
			r.ps.Errorf(f, raw.at(field.key), "通知缺少“%s”", name(field.key))
		case odd:
			r.ps.Errorf(f, raw.at(field.key), "通知的“%s”里有看不见的控制字符（%U），多半是从网页或别的软件复制时带进来的，请删掉后重新输入", name(field.key), c)
		case utf8.RuneCountInString(field.value) > field.most:
			r.ps.Errorf(f, raw.at(field.key), "通知的“%s”有%d个字，最多%d个：通知要让人站着一眼读完，请写短一些，详细的内容可以做成故事", name(field.key), utf8.RuneCountInString(field.value), field.most)
		case field.key == "text" && strings.Count(field.value, "\n") >= content.MaxNoticeLines:
			r.ps.Errorf(f, raw.at(field.key), "通知的“%s”分成了%d行，最多%d行：请把短句连起来写，空行也算一行", name(field.key), strings.Count(field.value, "\n")+1, content.MaxNoticeLines)
		}
	}
	switch raw.level {
	case content.LevelUrgent, "urgent":
		n.Urgent = true
	case content.LevelOrdinary, "normal", "":
	default:
		r.ps.Errorf(f, raw.at("level"), "通知的“%s”只能写“紧急”或“普通”，现在是“%s”", name("level"), shorten(raw.level))
	}
	when := func(key, s string, endOfDay bool) time.Time {
		if s == "" {
			r.ps.Errorf(f, raw.at(key), "通知缺少“%s”时间：请写成 2026-12-07 08:00 这样的日期和时间", name(key))
			return time.Time{}
		}
		t, ok := parseTime(s, r.opts.Location, endOfDay)
		if !ok {
			r.ps.Errorf(f, raw.at(key), "通知的“%s”时间“%s”无法识别，请写成 2026-12-07 08:00 或 2026-12-07", name(key), shorten(s))
		}
		return t
	}
	n.Window = content.Window{From: when("start", raw.start, false), Until: when("end", raw.end, true)}
	if w := n.Window; !w.From.IsZero() && !w.Until.IsZero() {
		switch {
		case !w.Until.After(w.From):
			r.ps.Errorf(f, raw.at("end"), "通知的结束时间早于或等于开始时间，这样通知永远不会显示")
		case w.Until.Sub(w.From) > content.MaxNoticeDays*24*time.Hour:
			r.ps.Errorf(f, raw.at("end"), "通知要显示%d天，最多%d天：请检查结束日期的年份和月份有没有写错", int(w.Until.Sub(w.From).Hours()/24), content.MaxNoticeDays)
		}
	}
	for _, s := range raw.sites {
		if !idRE.MatchString(s) {
			r.ps.Errorf(f, raw.at("sites"), "站点编号“%s”只能用小写英文字母、数字和“-”", shorten(s))
		} else if len(r.pkg.Sites) > 0 && !oneOf(s, r.pkg.Sites) {
			r.ps.Warnf(f, raw.at("sites"), "站点“%s”不在这个内容包的站点（sites）里，那里的展示屏收不到这条通知", s)
		}
	}
	if bad() || raw.broken {
		return
	}
	n.Window = n.Window.Intersect(r.pkg.Window) // shown only while its package is
	r.pkg.Notices = append(r.pkg.Notices, n)
}
