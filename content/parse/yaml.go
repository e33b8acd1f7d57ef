package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"qingfeng/content"
)

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// maxYAMLBytes bounds one YAML text (a file, or a story's front matter):
// the YAML library keeps a node of a few hundred bytes for every item, so
// a few megabytes of one-letter items would take gigabytes. Real ones are
// a few kilobytes.
const maxYAMLBytes = 256 << 10

// parseYAML parses text as one YAML mapping. lineOff is added to every line
// (front matter starts on the second line of a story file). On a syntax
// error the problem carries the line the YAML library names.
func parseYAML(text, name string, lineOff int, ps *content.Problems) (*mapping, bool) {
	if len(text) > maxYAMLBytes {
		ps.Errorf(name, 0, "说明部分有%s，超过%s的上限（这里只写编号、标题、题目这类简短内容），请检查是否误把大量内容写进来了", humanBytes(int64(len(text))), humanBytes(maxYAMLBytes))
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		line, msg := yamlProblem(err, text)
		*ps = append(*ps, content.Problem{File: name, Line: line + lineOff, Severity: content.Error, Err: err,
			Msg: "格式错误，无法读取：" + msg})
		return nil, false
	}
	if len(doc.Content) == 0 {
		ps.Errorf(name, 1+lineOff, "内容是空的")
		return nil, false
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		if n := firstLine(text, wideColonKey); n != 0 {
			ps.Errorf(name, n+lineOff, "这一行用了中文冒号“：”，请改成英文冒号“:”，后面空一格")
			return nil, false
		}
		ps.Errorf(name, root.Line+lineOff, "应为“名称: 值”的列表")
		return nil, false
	}
	return newMapping(root, name, lineOff, ps), true
}

// mapping gives typed access to the keys of a YAML mapping, recording a
// problem with a line number for each missing or wrong-typed field.
type mapping struct {
	node    *yaml.Node
	file    string
	lineOff int
	ps      *content.Problems
	vals    map[string]*yaml.Node
	keys    map[string]int // key -> line
	order   []string
}

func newMapping(n *yaml.Node, file string, lineOff int, ps *content.Problems) *mapping {
	m := &mapping{node: n, file: file, lineOff: lineOff, ps: ps, vals: map[string]*yaml.Node{}, keys: map[string]int{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := m.vals[k.Value]; dup {
			ps.Errorf(file, k.Line+lineOff, "“%s”写了两次", k.Value)
			continue
		}
		m.vals[k.Value] = v
		m.keys[k.Value] = k.Line + lineOff
		m.order = append(m.order, k.Value)
	}
	return m
}

// line is the line of key's value, or of the mapping when key is absent.
func (m *mapping) line(key string) int {
	if v, ok := m.vals[key]; ok {
		return v.Line + m.lineOff
	}
	return m.node.Line + m.lineOff
}

// checkKeys warns about keys this file type does not know; they are almost
// always typos ("titel:") that would otherwise be silently dropped.
func (m *mapping) checkKeys(known ...string) {
	for _, k := range m.order {
		found := false
		for _, kn := range known {
			if k == kn {
				found = true
				break
			}
		}
		if !found {
			m.ps.Warnf(m.file, m.keys[k], "不认识的项目“%s”，已忽略（是否拼写错误？可用的有：%s）", k, strings.Join(known, "、"))
		}
	}
}

func (m *mapping) missing(key string, required bool) bool {
	v, ok := m.vals[key]
	if !ok || (v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
		if required {
			m.ps.Errorf(m.file, m.node.Line+m.lineOff, "缺少必填项“%s”", key)
		}
		return true
	}
	return false
}

// str returns a scalar as text. Any scalar is accepted (title: 2022 is a
// fine title); lists and mappings are not.
func (m *mapping) str(key string, required bool) string {
	if m.missing(key, required) {
		return ""
	}
	v := m.vals[key]
	if v.Kind != yaml.ScalarNode {
		m.ps.Errorf(m.file, m.line(key), "“%s”应为一段文字", key)
		return ""
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		m.ps.Errorf(m.file, m.line(key), "“%s”不能为空", key)
	}
	if !m.printable(key, v.Line+m.lineOff, s) {
		return ""
	}
	return s
}

// printable refuses text with a control character other than tab and line
// break, or a character that reorders the text around it (U+202A–U+202E,
// U+2066–U+2069): no honest title or sentence holds one, and written into
// a terminal, a log or a report they can clear the screen, forge a line or
// show the text backwards.
func (m *mapping) printable(key string, line int, s string) bool {
	if c, bad := UnsafeRune(s); bad {
		m.ps.Errorf(m.file, line, "“%s”里有看不见的控制字符（%U），多半是从网页或别的软件复制时带进来的，请删掉这段文字后重新输入", key, c)
		return false
	}
	return true
}

func (m *mapping) integer(key string, required bool) (int, bool) {
	if m.missing(key, required) {
		return 0, false
	}
	v := m.vals[key]
	n, err := strconv.Atoi(strings.TrimSpace(v.Value))
	if v.Kind != yaml.ScalarNode || err != nil {
		m.ps.Errorf(m.file, m.line(key), "“%s”应为整数，现在是“%s”", key, shorten(v.Value))
		return 0, false
	}
	return n, true
}

func (m *mapping) boolean(key string) bool {
	if m.missing(key, false) {
		return false
	}
	v := m.vals[key]
	switch strings.ToLower(strings.TrimSpace(v.Value)) {
	case "true", "yes", "是":
		return true
	case "false", "no", "否":
		return false
	}
	m.ps.Errorf(m.file, m.line(key), "“%s”应为 true 或 false，现在是“%s”", key, shorten(v.Value))
	return false
}

// list returns the items of a YAML sequence; a single scalar is taken as a
// one-item list, which is what people mean by "sites: village-a".
func (m *mapping) list(key string, required bool) []*yaml.Node {
	if m.missing(key, required) {
		return nil
	}
	v := m.vals[key]
	switch v.Kind {
	case yaml.SequenceNode:
		if len(v.Content) == 0 && required {
			m.ps.Errorf(m.file, m.line(key), "“%s”不能为空", key)
		}
		return v.Content
	case yaml.ScalarNode:
		return []*yaml.Node{v}
	}
	m.ps.Errorf(m.file, m.line(key), "“%s”应为一个列表", key)
	return nil
}

func (m *mapping) strList(key string, required bool) []string {
	var out []string
	for _, n := range m.list(key, required) {
		if n.Kind != yaml.ScalarNode {
			m.ps.Errorf(m.file, n.Line+m.lineOff, "“%s”的每一项应为一段文字", key)
			continue
		}
		if !m.printable(key, n.Line+m.lineOff, n.Value) {
			continue
		}
		out = append(out, strings.TrimSpace(n.Value))
	}
	return out
}

var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// date parses a publish or expire time. A bare date means the start of that
// day for publish_at and the end of it for expire_at: "expire_at: 2026-01-31"
// keeps the item on screen through the 31st, as staff expect.
func (m *mapping) date(key string, loc *time.Location, endOfDay bool) time.Time {
	s := m.str(key, false)
	if s == "" {
		return time.Time{}
	}
	if t, ok := parseTime(s, loc, endOfDay); ok {
		return t
	}
	m.ps.Errorf(m.file, m.line(key), "“%s”的日期“%s”无法识别，请写成 2026-01-31 或 2026-01-31T08:00:00+08:00", key, shorten(s))
	return time.Time{}
}

// parseTime reads s in one of dateLayouts; a bare date is the start of
// that day, or with endOfDay the start of the next.
func parseTime(s string, loc *time.Location, endOfDay bool) (time.Time, bool) {
	for _, layout := range dateLayouts {
		var t time.Time
		var err error
		if layout == time.RFC3339 {
			t, err = time.Parse(layout, s)
		} else {
			t, err = time.ParseInLocation(layout, s, loc)
		}
		if err == nil {
			if layout == "2006-01-02" && endOfDay {
				t = t.AddDate(0, 0, 1)
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// window reads publish_at and expire_at and checks their order.
func (m *mapping) window(loc *time.Location) content.Window {
	w := content.Window{From: m.date("publish_at", loc, false), Until: m.date("expire_at", loc, true)}
	if !w.From.IsZero() && !w.Until.IsZero() && !w.Until.After(w.From) {
		m.ps.Errorf(m.file, m.line("expire_at"), "下架时间（expire_at）早于或等于发布时间（publish_at），这样内容永远不会显示")
	}
	return w
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// id reads an identifier: lowercase letters, digits and '-', because ids end
// up in file names, URLs and receipts.
func (m *mapping) id(key string) string {
	s := m.str(key, true)
	if s != "" && !idRE.MatchString(s) {
		m.ps.Errorf(m.file, m.line(key), "“%s”只能用小写英文字母、数字和“-”，且以字母或数字开头（现在是“%s”）", key, shorten(s))
		return ""
	}
	return s
}

func oneOf(s string, allowed []string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("“%s”", x)
	}
	return strings.Join(q, "、")
}

// yamlWords are the YAML library's syntax errors, by a part of their
// English text, in words a clerk can act on. parser marks the errors the
// library counts lines from 0 for (its parser's; its scanner's count from
// 1).
var yamlWords = []struct {
	english string
	parser  bool
	chinese string
}{
	{"mapping values are not allowed", false, "这一行的冒号位置不对。可能是这一行的缩进（行首空格）和上一行不一致，或上一行没写完，或一段文字里含有“: ”（这样的文字请用引号括起来）"},
	{"could not find expected ':'", false, "这一行少了冒号。每一行应写成“名称: 值”，冒号是英文冒号，后面空一格"},
	{"found unexpected end of stream", false, "引号没有配对：前面某处有开头的引号，却没有结尾的引号"},
	{"found a tab character", false, "行首用了Tab键缩进，请全部改用空格"},
	{"found unknown escape character", false, "双引号里的反斜杠“\\”有特殊用处，请改用单引号把文字括起来"},
	{"block sequence entries are not allowed", false, "以“- ”开头的列表项不能放在这里：它要另起一行，写在“名称:”下面，并且行首比名称多空两格"},
	{"did not find expected alphabetic or numeric character", false, "“&”“*”放在开头有特殊用处，含这些符号的文字请用引号括起来"},
	{"did not find the expected '>'", false, "“!”放在开头有特殊用处，含这个符号的文字请用引号括起来"},
	{"found unknown directive name", false, "以“%”开头的行有特殊用处，请删掉这一行，或把文字用引号括起来"},
	{"found incompatible YAML document", false, "以“%”开头的行有特殊用处，请删掉这一行"},
	{"did not find expected ',' or ']'", true, "方括号“[ ]”没有配对，或者列表的两项之间少了英文逗号"},
	{"did not find expected ',' or '}'", true, "花括号“{ }”没有配对，或者两项之间少了英文逗号"},
	{"did not find expected '-' indicator", true, "列表各项（以“- ”开头的行）的缩进要对齐，中间不能夹着别的内容"},
	{"did not find expected key", true, "这一行的位置不对：缩进（行首空格）和上面对不齐，或者引号括起来的文字后面还多了字"},
	{"did not find expected node content", true, "这里少了内容，或者多了“]”“}”这样的符号"},
	{"unknown anchor", false, "“*”放在开头有特殊用处，含这个符号的文字请用引号括起来"},
	{"control characters are not allowed", false, "有看不见的控制字符，多半是从网页或别的软件复制时带进来的，请删掉后重新输入"},
	{"UTF-8", false, "文字编码不对，请用记事本“另存为”，编码选 UTF-8"},
	{"excessive aliasing", false, "“*”引用太多，展示屏不读这样的文件"},
	{"exceeded max depth", false, "层次太深，展示屏不读这样的文件"},
}

// yamlProblem turns a YAML syntax error into the line it concerns (from 1,
// in text) and words for staff. No English reaches them: an error the
// table does not know gets general advice.
func yamlProblem(err error, text string) (line int, msg string) {
	e := err.Error()
	msg = "展示屏看不懂这里的写法。请检查：每行是“名称: 值”（英文冒号，后面空一格），缩进用空格且上下对齐，引号成对"
	parser := false
	for _, w := range yamlWords {
		if strings.Contains(e, w.english) {
			msg, parser = w.chinese, w.parser
			break
		}
	}
	if m := yamlLineRE.FindStringSubmatch(e); m != nil {
		line, _ = strconv.Atoi(m[1])
		if parser {
			line++
		}
	}
	switch {
	case strings.Contains(e, "cannot start any token"):
		if line == 0 {
			line = 1
		}
		if l := nthLine(text, line); strings.HasPrefix(strings.TrimLeft(l, " "), "\t") {
			msg = "行首用了Tab键缩进，请全部改用空格"
		} else {
			msg = "“@”“`”“%”这些符号放在开头有特殊用处，含这些符号的文字请用引号括起来"
		}
	case strings.Contains(e, "unknown anchor"):
		line = firstLine(text, func(l string) bool { return strings.Contains(l, "*") })
	case strings.Contains(e, "control characters"):
		line = firstLine(text, func(l string) bool {
			return strings.IndexFunc(l, func(c rune) bool { return unicode.IsControl(c) && c != '\t' && c != '\r' }) >= 0
		})
	case line == 0:
		line = 1 // the library names no line when the trouble is on the first
	}
	// A Chinese colon looks like a colon to anyone typing with a Chinese
	// input method, and is the likeliest cause of all.
	if n := firstLine(text, wideColonKey); n != 0 && (line == 0 || n <= line) {
		return n, "这一行用了中文冒号“：”，请改成英文冒号“:”，后面空一格"
	}
	return line, msg
}

// wideColonKey reports whether l looks like "名称：值", a key written with
// a Chinese colon and no English one before it.
func wideColonKey(l string) bool {
	i := strings.Index(l, "：")
	if i <= 0 || strings.HasPrefix(strings.TrimSpace(l), "#") {
		return false
	}
	before := l[:i]
	if strings.HasPrefix(strings.TrimSpace(before), "-") {
		return false // an item of a list may well hold one: "- 莲心茶：清苦"
	}
	return !strings.ContainsAny(before, ":\"'") && strings.TrimSpace(before) != ""
}

// firstLine is the number (from 1) of text's first line for which match
// holds, or 0.
func firstLine(text string, match func(string) bool) int {
	n := 0
	for l := range strings.SplitSeq(text, "\n") {
		n++
		if match(l) {
			return n
		}
	}
	return 0
}

// nthLine is text's line n (from 1), "" past its end.
func nthLine(text string, n int) string {
	i := 0
	for l := range strings.SplitSeq(text, "\n") {
		if i++; i == n {
			return l
		}
	}
	return ""
}
