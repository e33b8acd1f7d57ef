package docx

import (
	"encoding/xml"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"qingfeng/content/markdown"
)

// seg is a piece of a paragraph: text in one weight, or a picture.
type seg struct {
	text string
	bold bool
	pic  string // the picture's path in the body
}

// para is a paragraph being read: its properties and its pieces.
type para struct {
	style         string
	outline       int // from the paragraph's own outline level
	numID, ilvl   string
	hasNum        bool
	segs          []seg
	runBold, inRn bool
}

// add appends a piece of text; pieces are joined by merged when the
// paragraph ends (joining each as it comes would copy the paragraph's
// text once per run).
func (p *para) add(text string, bold bool) {
	if text == "" {
		return
	}
	p.segs = append(p.segs, seg{text: text, bold: bold})
}

// merged joins neighbouring pieces of text of the same weight.
func merged(segs []seg) []seg {
	var out []seg
	for i := 0; i < len(segs); {
		s := segs[i]
		j := i + 1
		if s.pic == "" {
			for j < len(segs) && segs[j].pic == "" && segs[j].bold == s.bold {
				j++
			}
			if j > i+1 {
				var t strings.Builder
				for _, x := range segs[i:j] {
					t.WriteString(x.text)
				}
				s.text = t.String()
			}
		}
		out = append(out, s)
		i = j
	}
	return out
}

// MaxTitleRunes bounds the title a document's first heading gives: the
// body's limit does not count it, and a heading of megabytes would be a
// title of megabytes.
const MaxTitleRunes = 100

// body writes the Markdown of the document's blocks as they end.
type body struct {
	doc       *Document
	lim       Limits
	md        strings.Builder
	blocks    int  // non-empty blocks seen, the category line and title included
	lastList  bool // the last block written was a list item
	listLevel int  // the level of that item
	pics      map[string]bool
	warned    map[string]bool
}

func (p *pkg) readBody(main string, rels map[string]rel, st *styles, num *numbering, picturePath func(string) string) (*Document, error) {
	b := &body{doc: &Document{}, lim: p.lim, pics: map[string]bool{}, warned: map[string]bool{}}
	var stack []*para
	var names []xml.Name // open elements
	skip := 0            // depth of an mc:Fallback being skipped, 0 if none
	picture := func(rid string) error {
		if len(stack) == 0 || rid == "" {
			return nil
		}
		r, ok := rels[rid]
		switch {
		case !ok:
			return nil
		case r.external:
			b.warn("文档里有图片是链接到电脑上的文件，并没有放进文档，展示屏显示不了，已略过。请在Word/WPS里用“插入→图片”把图片放进文档")
			return nil
		}
		f := p.find(r.target)
		if f == nil {
			b.warn("文档里有一张图片的内容找不到（文档可能已损坏），已略过")
			return nil
		}
		switch strings.ToLower(path.Ext(r.target)) {
		case ".png", ".jpg", ".jpeg":
		default:
			b.warn("文档里有" + strings.ToUpper(strings.TrimPrefix(path.Ext(r.target), ".")) + "格式的图片（多半是剪贴画或图表），展示屏只显示JPG和PNG，已略过。需要的话请把它另存为图片，再用“插入→图片”放回文档")
			return nil
		}
		dest := picturePath(r.target)
		if dest == "" || strings.ContainsAny(dest, "<>\n\r") {
			b.warn("文档里有一张图片的名字无法使用，已略过")
			return nil
		}
		if !b.pics[f.Name] {
			if len(b.doc.Pictures) >= p.lim.MaxPictures {
				return fail(ErrTooLarge, "这个Word文档里的图片超过"+itoa(int64(p.lim.MaxPictures))+"张，展示屏的一个故事放不下。请把它分成几个文档")
			}
			b.pics[f.Name] = true
			b.doc.Pictures = append(b.doc.Pictures, Picture{Part: f.Name, Path: dest, Size: int64(min(f.UncompressedSize64, 1<<62))})
		}
		cur := stack[len(stack)-1]
		cur.segs = append(cur.segs, seg{pic: dest})
		return nil
	}
	parent := func(i int) string { // the local name i levels up, "" past the top
		if len(names) < i+1 {
			return ""
		}
		n := names[len(names)-1-i]
		if n.Space != nsW {
			return ""
		}
		return n.Local
	}
	err := p.walk(main, p.lim.MaxXMLBytes, func(tok xml.Token, depth int) error {
		switch t := tok.(type) {
		case xml.StartElement:
			names = append(names, t.Name)
			if skip > 0 {
				return nil
			}
			if t.Name.Space == nsMC && t.Name.Local == "Fallback" {
				// The same drawing again for old readers: read once.
				skip = depth
				return nil
			}
			var cur *para
			if len(stack) > 0 {
				cur = stack[len(stack)-1]
			}
			switch t.Name.Space {
			case nsW:
				switch t.Name.Local {
				case "p":
					stack = append(stack, &para{})
				case "pStyle":
					if cur != nil && parent(1) == "pPr" {
						cur.style = wval(t)
					}
				case "outlineLvl":
					if cur != nil && parent(1) == "pPr" {
						cur.outline = outline(wval(t))
					}
				case "numId":
					if cur != nil && parent(1) == "numPr" && parent(2) == "pPr" {
						cur.numID, cur.hasNum = wval(t), true
					}
				case "ilvl":
					if cur != nil && parent(1) == "numPr" && parent(2) == "pPr" {
						cur.ilvl = wval(t)
					}
				case "r":
					if cur != nil {
						cur.inRn, cur.runBold = true, false
					}
				case "b":
					if cur != nil && cur.inRn && parent(1) == "rPr" && parent(2) == "r" {
						cur.runBold = on(t)
					}
				case "tab":
					if cur != nil && parent(1) == "r" {
						cur.add(" ", cur.runBold)
					}
				case "br", "cr":
					if cur != nil && parent(1) == "r" {
						cur.add("\n", cur.runBold)
					}
				}
			case nsA:
				if t.Name.Local == "blip" {
					rid, _ := attr(t, nsR, "embed")
					if rid == "" { // Word's "Link to File": told as linked
						rid, _ = attr(t, nsR, "link")
					}
					return picture(rid)
				}
			case nsV:
				if t.Name.Local == "imagedata" {
					rid, _ := attr(t, nsR, "id")
					return picture(rid)
				}
			}
		case xml.CharData:
			if skip > 0 || len(stack) == 0 || parent(0) != "t" {
				return nil
			}
			cur := stack[len(stack)-1]
			s := strings.Map(func(r rune) rune {
				if r == '\n' || r == '\r' || r == '\t' {
					return ' '
				}
				return r
			}, string(t))
			cur.add(s, cur.runBold)
		case xml.EndElement:
			if len(names) > 0 {
				names = names[:len(names)-1]
			}
			if skip > 0 {
				if depth < skip {
					skip = 0
				}
				return nil
			}
			if t.Name.Space != nsW || len(stack) == 0 {
				return nil
			}
			switch t.Name.Local {
			case "r":
				stack[len(stack)-1].inRn = false
			case "p":
				cur := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if err := b.paragraph(cur, st, num); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.doc.Body = b.md.String()
	return b.doc, nil
}

func (b *body) warn(msg string) {
	if b.warned[msg] || len(b.warned) >= 5 {
		return
	}
	b.warned[msg] = true
	b.doc.Warnings = append(b.doc.Warnings, msg)
}

// paragraph writes p as a block (or several: a picture is a block of its
// own).
func (b *body) paragraph(p *para, st *styles, num *numbering) error {
	p.segs = merged(p.segs)
	var all strings.Builder
	hasText := false
	for _, s := range p.segs {
		if s.pic == "" {
			all.WriteString(s.text)
			hasText = hasText || strings.TrimSpace(s.text) != ""
		}
	}
	plain := strings.Join(strings.Fields(strings.ReplaceAll(all.String(), "\n", " ")), " ")
	if !hasText && len(p.segs) == 0 {
		return nil
	}
	level, title := p.outline, false
	if level == 0 {
		level, title = st.heading(p.style)
	}
	numID, ilvl, listed := p.numID, p.ilvl, p.hasNum
	if !listed {
		numID, ilvl, listed = st.list(p.style)
	}
	listed = listed && numID != "" && numID != "0" && level == 0
	if hasText && b.blocks == 0 && level == 0 {
		if c, ok := CategoryLine(plain); ok {
			b.blocks++
			b.doc.Category = c
			return b.pictures(p.segs)
		}
	}
	if hasText {
		b.blocks++
	}
	switch {
	case !hasText:
		return b.pictures(p.segs)
	case level > 0 || title:
		if b.doc.Title == "" {
			if n := utf8.RuneCountInString(plain); n > MaxTitleRunes {
				return fail(ErrTooLarge, "这个Word文档的第一个标题有"+itoa(int64(n))+"个字，太长了（故事的题目最多"+itoa(MaxTitleRunes)+"个字）。是不是把正文也设成了“标题”样式？请在Word/WPS里把它改回“正文”样式，只给题目用“标题”样式")
			}
			b.doc.Title = plain
			if b.md.Len() == 0 {
				return b.pictures(p.segs) // the title, shown above the body
			}
		}
		if err := b.block(strings.Repeat("#", min(max(level, 1), 6))+" "+markdown.Escape(plain), false); err != nil {
			return err
		}
		return b.pictures(p.segs)
	}
	// Text and pictures in the order they stand.
	var run []seg
	flush := func() error {
		if len(run) == 0 {
			return nil
		}
		text := inline(run)
		run = run[:0]
		if strings.TrimSpace(text) == "" {
			return nil
		}
		if listed {
			lvl := 0
			for _, c := range ilvl {
				if c >= '0' && c <= '9' {
					lvl = lvl*10 + int(c-'0')
				}
				if lvl > 8 {
					break
				}
			}
			if !b.lastList {
				lvl = 0
			} else {
				lvl = min(lvl, b.listLevel+1, 8)
			}
			marker := "- "
			if num.isOrdered(numID, ilvl) {
				marker = "1. "
			}
			b.listLevel = lvl
			return b.block(strings.Repeat("    ", lvl)+marker+text, true)
		}
		return b.block(text, false)
	}
	for _, s := range p.segs {
		if s.pic != "" {
			if err := flush(); err != nil {
				return err
			}
			if err := b.block("![](<"+s.pic+">)", false); err != nil {
				return err
			}
			continue
		}
		run = append(run, s)
	}
	return flush()
}

// pictures writes the pictures among segs, each a block.
func (b *body) pictures(segs []seg) error {
	for _, s := range segs {
		if s.pic != "" {
			if err := b.block("![](<"+s.pic+">)", false); err != nil {
				return err
			}
		}
	}
	return nil
}

// block appends one Markdown block: list items follow each other on the
// next line, everything else after a blank line.
func (b *body) block(md string, list bool) error {
	if b.md.Len() > 0 {
		if list && b.lastList {
			b.md.WriteString("\n")
		} else {
			b.md.WriteString("\n\n")
		}
	}
	b.lastList = list
	b.md.WriteString(md)
	if b.md.Len() > b.lim.MaxBodyBytes {
		return fail(ErrTooLarge, "这个Word文档的正文超过"+sizeText(int64(b.lim.MaxBodyBytes))+"（约8万字），展示屏的一个故事放不下。请把它分成几个文档")
	}
	return nil
}

// inline writes text pieces as Markdown, a hard line break for each line
// break, bold as **…**.
func inline(segs []seg) string {
	var out strings.Builder
	for _, s := range segs {
		for j, line := range strings.Split(s.text, "\n") {
			if j > 0 {
				out.WriteString("\n")
			}
			out.WriteString(piece(line, s.bold))
		}
	}
	lines := strings.Split(out.String(), "\n")
	kept := lines[:0]
	for _, l := range lines {
		// Four spaces at the start of a line would make it code.
		if l = strings.Trim(l, " \t"); l != "" {
			kept = append(kept, l)
		}
	}
	// A line break typed in Word (Shift+Enter) is a hard break: a soft
	// one would join the lines, and between Chinese characters without
	// even a space.
	return strings.Join(kept, "\\\n")
}

// piece escapes text; bold text is wrapped in ** with its spaces and
// punctuation at either end left outside, since CommonMark does not close
// or open emphasis next to punctuation in the middle of Chinese text
// (**“清风”**是 stays as typed).
func piece(text string, bold bool) string {
	if !bold {
		return markdown.Escape(text)
	}
	edge := func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) }
	core := strings.TrimFunc(text, edge)
	if core == "" {
		return markdown.Escape(text)
	}
	i := strings.Index(text, core)
	return markdown.Escape(text[:i]) + "**" + markdown.Escape(core) + "**" + markdown.Escape(text[i+len(core):])
}

// CategoryLine reads a line "分类：家风家训" (a full-width or ASCII colon)
// and returns the category.
func CategoryLine(line string) (string, bool) {
	line = strings.TrimSpace(line)
	for _, pre := range []string{"分类：", "分类:"} {
		if rest, ok := strings.CutPrefix(line, pre); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}
