package docx

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// Namespaces of the parts read.
const (
	nsW  = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPR = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsMC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsA  = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsV  = "urn:schemas-microsoft-com:vml"
)

// strict maps the namespaces of Word's "Strict Open XML" format to those
// of the usual one, which mean the same.
var strict = map[string]string{
	"http://purl.oclc.org/ooxml/wordprocessingml/main":        nsW,
	"http://purl.oclc.org/ooxml/officeDocument/relationships": nsR,
	"http://purl.oclc.org/ooxml/drawingml/main":               nsA,
}

func unstrict(n *xml.Name) {
	if t, ok := strict[n.Space]; ok {
		n.Space = t
	}
}

// walk streams part n (at most max bytes inflated) and calls fn for every
// token, with the number of elements open. Elements and depth are
// bounded; a missing part calls nothing.
func (p *pkg) walk(n string, max int64, fn func(tok xml.Token, depth int) error) error {
	rc, err := p.open(n, max)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	// Entities other than XML's own are not expanded (no DTD is read),
	// and a document in another charset is refused by the decoder.
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
				return fail(err, "这个Word文档不完整（可能没有复制完），请重新复制或重新保存")
			}
			return fail(err, "这个Word文档的内容已损坏，读不出来。请在Word/WPS里打开后重新“另存为” .docx")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			unstrict(&t.Name)
			for i := range t.Attr {
				unstrict(&t.Attr[i].Name)
			}
			tok = t
			depth++
			if p.elements++; p.elements > p.lim.MaxElements {
				return fail(ErrTooLarge, "这个Word文档里的内容条目超过"+itoa(p.lim.MaxElements)+"个，太多了（可能是损坏或特制的文件）。请把它分成几个文档")
			}
			if depth > p.lim.MaxDepth {
				return fail(ErrTooLarge, "这个Word文档的结构套了超过"+itoa(int64(p.lim.MaxDepth))+"层（表格里套表格、文本框里套文本框），展示屏读不了。请简化排版后重新保存")
			}
		case xml.EndElement:
			unstrict(&t.Name)
			tok = t
			depth--
		}
		if err := fn(tok, depth); err != nil {
			return err
		}
	}
}

func attr(se xml.StartElement, space, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == space || space == "") {
			return a.Value, true
		}
	}
	return "", false
}

// wval is an element's w:val.
func wval(se xml.StartElement) string {
	v, _ := attr(se, nsW, "val")
	return v
}

// on reads a toggle property (<w:b/>, <w:b w:val="false"/>).
func on(se xml.StartElement) bool {
	v, ok := attr(se, nsW, "val")
	return !ok || !(v == "0" || v == "false" || v == "off" || v == "none")
}

type rel struct {
	id, typ, target string
	external        bool
}

// rels reads a relationships part; targets are resolved against dir.
// Targets that leave the zip are dropped.
func (p *pkg) rels(n, dir string) ([]rel, error) {
	var out []rel
	err := p.walk(n, p.lim.MaxPartBytes, func(tok xml.Token, _ int) error {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" || (se.Name.Space != nsPR && se.Name.Space != "") {
			return nil
		}
		r := rel{}
		r.id, _ = attr(se, "", "Id")
		r.typ, _ = attr(se, "", "Type")
		mode, _ := attr(se, "", "TargetMode")
		target, _ := attr(se, "", "Target")
		r.external = strings.EqualFold(mode, "External")
		if !r.external {
			if r.target = resolve(dir, target); r.target == "" {
				return nil
			}
		}
		if len(out) >= p.lim.MaxEntries*2 {
			return fail(ErrTooLarge, "这个Word文档的关联条目太多，不像是Word或WPS保存的文档")
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// style is what a paragraph style gives a paragraph.
type style struct {
	name, basedOn string
	outline       int // 1-based heading level from the outline level, 0 none
	numID, ilvl   string
	hasNum        bool
}

type styles struct{ byID map[string]*style }

func (p *pkg) readStyles(n string) (*styles, error) {
	st := &styles{byID: map[string]*style{}}
	var cur *style
	err := p.walk(n, p.lim.MaxPartBytes, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsW {
				return nil
			}
			switch t.Name.Local {
			case "style":
				cur = nil
				if typ, _ := attr(t, nsW, "type"); typ != "paragraph" && typ != "" {
					return nil
				}
				id, _ := attr(t, nsW, "styleId")
				cur = &style{}
				if len(st.byID) < p.lim.MaxEntries*5 {
					st.byID[id] = cur
				}
			case "name":
				if cur != nil {
					cur.name = wval(t)
				}
			case "basedOn":
				if cur != nil {
					cur.basedOn = wval(t)
				}
			case "outlineLvl":
				if cur != nil {
					cur.outline = outline(wval(t))
				}
			case "numId":
				if cur != nil {
					cur.numID, cur.hasNum = wval(t), true
				}
			case "ilvl":
				if cur != nil {
					cur.ilvl = wval(t)
				}
			}
		case xml.EndElement:
			if t.Name.Space == nsW && t.Name.Local == "style" {
				cur = nil
			}
		}
		return nil
	})
	return st, err
}

// outline turns a w:outlineLvl value (0-based; 9 is body text) into a
// heading level, 0 for none.
func outline(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 8 {
		return 0
	}
	return n + 1
}

// heading returns the heading level style id gives (0: body text) and
// whether it is the Title style. Word names its styles in English whatever
// the language of the interface ("heading 1", "Title"); WPS and older
// Chinese templates may write "标题 1".
func (s *styles) heading(id string) (level int, title bool) {
	for range 10 { // basedOn chains are short; a loop must end
		st := s.byID[id]
		if st == nil {
			return headingName(id)
		}
		if l, t := headingName(st.name); l > 0 {
			return l, t
		}
		if st.outline > 0 {
			return st.outline, false
		}
		if st.basedOn == "" {
			return 0, false
		}
		id = st.basedOn
	}
	return 0, false
}

func headingName(n string) (int, bool) {
	l := strings.ToLower(strings.TrimSpace(n))
	switch l {
	case "title", "标题":
		return 1, true
	}
	for _, pre := range []string{"heading", "标题"} {
		if rest, ok := strings.CutPrefix(l, pre); ok {
			if v, err := strconv.Atoi(strings.TrimSpace(rest)); err == nil && v >= 1 && v <= 9 {
				return v, false
			}
		}
	}
	return 0, false
}

// list returns the numbering a style gives its paragraphs, if any.
func (s *styles) list(id string) (numID, ilvl string, ok bool) {
	for range 10 {
		st := s.byID[id]
		if st == nil {
			return "", "", false
		}
		if st.hasNum {
			return st.numID, st.ilvl, true
		}
		if st.basedOn == "" {
			return "", "", false
		}
		id = st.basedOn
	}
	return "", "", false
}

// numbering maps a list (numId) and level to whether it is numbered
// (1. 2. 3.) rather than bulleted.
type numbering struct {
	abstractOf map[string]string          // numId -> abstractNumId
	ordered    map[string]map[string]bool // abstractNumId -> ilvl -> numbered
}

func (p *pkg) readNumbering(n string) (*numbering, error) {
	nm := &numbering{abstractOf: map[string]string{}, ordered: map[string]map[string]bool{}}
	var abs, lvl, num string
	inAbs, inNum := false, false
	most := p.lim.MaxEntries * 5
	err := p.walk(n, p.lim.MaxPartBytes, func(tok xml.Token, _ int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsW {
				return nil
			}
			switch t.Name.Local {
			case "abstractNum":
				inAbs = true
				abs, _ = attr(t, nsW, "abstractNumId")
				if nm.ordered[abs] == nil && len(nm.ordered) < most {
					nm.ordered[abs] = map[string]bool{}
				}
			case "lvl":
				lvl, _ = attr(t, nsW, "ilvl")
			case "numFmt":
				if m := nm.ordered[abs]; inAbs && m != nil && len(m) < 10 {
					f := wval(t)
					m[lvl] = f != "bullet" && f != "none" && f != ""
				}
			case "num":
				inNum = true
				num, _ = attr(t, nsW, "numId")
			case "abstractNumId":
				if inNum && len(nm.abstractOf) < most {
					nm.abstractOf[num] = wval(t)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "abstractNum":
				inAbs = false
			case "num":
				inNum = false
			}
		}
		return nil
	})
	return nm, err
}

func (nm *numbering) isOrdered(numID, ilvl string) bool {
	if ilvl == "" {
		ilvl = "0"
	}
	return nm.ordered[nm.abstractOf[numID]][ilvl]
}
