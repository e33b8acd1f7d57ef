// Package markdown reads a story's Markdown body into what a story may
// show: text with emphasis, headings, lists, quotes, code, rules and
// pictures. It is the only reader of story Markdown: the package check
// (content/parse), the kiosk's story screen, the search index and the HTML
// export all take the same Doc, so what the check let through is exactly
// what is shown and found.
//
// The parser is goldmark with its defaults, the CommonMark reader Fyne's
// RichText uses: every form Fyne would have turned into a picture or a
// link (reference-style, titles, a destination on the next line,
// autolinks) is found here too, because it is the same parser. What the
// Doc holds cannot reach outside the package by construction:
//
//   - a link is its text; its destination is kept only to be reported,
//     never to be followed;
//   - a picture is a destination the caller must resolve against the
//     package's own media (Image.Path), and is always a block of its own;
//   - raw HTML is left out and reported.
package markdown

import (
	"bytes"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Kind is what a block is.
type Kind int

const (
	Paragraph Kind = iota
	Heading
	List
	Quote
	Code
	Rule
	Picture
)

// Block is one block of a story. Line is 1-based within the body.
type Block struct {
	Kind  Kind
	Line  int
	Level int    // Heading: 1–6
	Spans []Span // Paragraph, Heading
	Text  string // Code
	// List: each item's blocks; Ordered lists count from Start. A tight
	// list has no blank lines between its items.
	Items   [][]Block
	Ordered bool
	Start   int
	Tight   bool
	Blocks  []Block // Quote
	Image   Image   // Picture
}

// Span is a run of text in one style. A link's text is a span like any
// other: it is shown, and nothing follows it.
type Span struct {
	Text                   string
	Strong, Emphasis, Code bool
	// Break ends the line after the span (a hard line break).
	Break bool
}

// Image is a picture the body asks for.
type Image struct {
	Dest  string // the destination as written, entities and escapes resolved
	Alt   string // the description between the brackets, as plain text
	Title string
	Line  int
}

// Path is the package path a destination names when it names one: the
// same cleaning the check applies to every reference (a leading "./"
// dropped, the path cleaned), so a picture is looked up under the name the
// check recorded.
func (im Image) Path() string {
	return path.Clean(strings.TrimPrefix(im.Dest, "./"))
}

// Link is a link in the body, kept to be reported.
type Link struct {
	Dest string
	Text string
	Line int
}

// HTML is raw HTML in the body, left out of the Doc.
type HTML struct {
	Text string // its first line, trimmed
	Line int
}

// Doc is a story body read for showing. Images lists every picture in body
// order, wherever it stands; Blocks holds them as Picture blocks.
type Doc struct {
	Blocks []Block
	Images []Image
	Links  []Link
	HTML   []HTML
	// TooDeep is the first line nested deeper than MaxDepth (Depth levels),
	// 0 if none; such a body is not read and the Doc is otherwise empty.
	TooDeep, Depth int
	// TooLong: the body is over MaxBodyBytes and was not read.
	TooLong bool
}

// Parse reads a story body. It never fails: whatever is not Markdown is
// text.
//
// A body nested deeper than MaxDepth is not parsed at all (Doc.TooDeep
// says where): the parser's time grows with the square of the depth, and a
// few megabytes of ">" would hold the check for hours.
func Parse(body string) *Doc {
	if len(body) > MaxBodyBytes {
		return &Doc{TooLong: true}
	}
	if line, depth := nesting(body); depth > MaxDepth {
		return &Doc{TooDeep: line, Depth: depth}
	}
	src := []byte(body)
	root := goldmark.DefaultParser().Parse(text.NewReader(src))
	w := &walker{src: src}
	for i, c := range src {
		if c == '\n' {
			w.newlines = append(w.newlines, i)
		}
	}
	w.doc.Blocks = w.blocks(root)
	return &w.doc
}

// MaxBodyBytes bounds a story body. The parse tree takes up to a few
// hundred bytes for each byte of a hostile body (a megabyte of "- a" lines
// or of "[" took 500 MB each, measured), and the story screen parses the
// body again each time it opens. 256 KB is some 85,000 Chinese characters:
// a long story is five thousand.
const MaxBodyBytes = 256 << 10

// MaxDepth bounds how many quotes and lists a line may open: a story needs
// two or three, a screen cannot show more than a handful.
const MaxDepth = 12

// nesting returns the first line that opens the most block containers
// (quote markers and list markers) and their number, counting generously:
// every ">" and every list marker at the start of a line, before its text.
func nesting(body string) (line, depth int) {
	n := 1
	for rest := body; rest != ""; n++ {
		cur, next, _ := strings.Cut(rest, "\n")
		rest = next
		if d := lineDepth(cur); d > depth {
			line, depth = n, d
			if depth > MaxDepth {
				return line, depth
			}
		}
	}
	return line, depth
}

func lineDepth(s string) int {
	if thematicBreak(s) {
		return 0
	}
	d := 0
	for {
		s = strings.TrimLeft(s, " \t")
		switch {
		case strings.HasPrefix(s, ">"):
			s = s[1:]
		case len(s) >= 2 && strings.ContainsRune("-+*", rune(s[0])) && (s[1] == ' ' || s[1] == '\t'):
			s = s[2:]
		default:
			i := 0
			for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || (s[i+1] != ' ' && s[i+1] != '\t') {
				return d
			}
			s = s[i+2:]
		}
		d++
	}
}

// thematicBreak reports a line of three or more "-", "*" or "_" (spaces
// between allowed): a rule, not a stack of list markers.
func thematicBreak(s string) bool {
	var mark rune
	count := 0
	for _, c := range s {
		switch {
		case c == ' ' || c == '\t':
		case (c == '-' || c == '*' || c == '_') && (mark == 0 || c == mark):
			mark = c
			count++
		default:
			return false
		}
	}
	return count >= 3
}

type walker struct {
	src      []byte
	newlines []int // offsets of every '\n' in src, ascending
	doc      Doc
	quiet    int // inside plain: nothing is recorded
}

func (w *walker) blocks(parent ast.Node) []Block {
	var out []Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		out = append(out, w.block(n)...)
	}
	return out
}

// block reads one block node. A picture inside a list or a quote is moved
// out after it: a picture is always shown as a block of its own, at the
// width of the page.
func (w *walker) block(n ast.Node) []Block {
	line := w.line(n)
	switch t := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return w.textBlock(Block{Kind: Paragraph, Line: line}, n)
	case *ast.Heading:
		return w.textBlock(Block{Kind: Heading, Line: line, Level: t.Level}, n)
	case *ast.ThematicBreak:
		return []Block{{Kind: Rule, Line: line}}
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		var b bytes.Buffer
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(w.src))
		}
		if b.Len() == 0 {
			return nil
		}
		return []Block{{Kind: Code, Line: line, Text: strings.TrimSuffix(b.String(), "\n")}}
	case *ast.Blockquote:
		inner, pics := hoist(w.blocks(n))
		if len(inner) == 0 {
			return pics
		}
		return append([]Block{{Kind: Quote, Line: line, Blocks: inner}}, pics...)
	case *ast.List:
		b := Block{Kind: List, Line: line, Ordered: t.IsOrdered(), Start: t.Start, Tight: t.IsTight}
		var pics []Block
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			item, p := hoist(w.blocks(it))
			if len(item) > 0 || len(p) == 0 {
				b.Items = append(b.Items, item) // an item that was only a picture goes with it
			}
			pics = append(pics, p...)
		}
		if len(b.Items) == 0 {
			return pics
		}
		return append([]Block{b}, pics...)
	case *ast.HTMLBlock:
		var b bytes.Buffer
		lines := t.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(w.src))
		}
		if t.HasClosure() {
			b.Write(t.ClosureLine.Value(w.src))
		}
		w.html(b.String(), line)
		return nil
	}
	// No other block comes out of the default parser; should one appear,
	// its text is still shown.
	return w.textBlock(Block{Kind: Paragraph, Line: line}, n)
}

// hoist separates the pictures of a list item or quote from its text.
func hoist(bs []Block) (text, pics []Block) {
	for _, b := range bs {
		if b.Kind == Picture {
			pics = append(pics, b)
		} else {
			text = append(text, b)
		}
	}
	return text, pics
}

func (w *walker) html(raw string, line int) {
	t := strings.TrimSpace(raw)
	if strings.HasPrefix(t, "<!--") {
		return // a comment: meant to be invisible, and it is
	}
	if i := strings.IndexByte(t, '\n'); i >= 0 {
		t = t[:i]
	}
	w.doc.HTML = append(w.doc.HTML, HTML{Text: strings.TrimSpace(t), Line: line})
}

// textBlock reads the spans of a paragraph or heading. A picture in it
// splits it: the text before, the picture, the text after.
func (w *walker) textBlock(tmpl Block, n ast.Node) []Block {
	var out []Block
	cur := tmpl
	flush := func() {
		cur.Spans = joinSpans(cur.Spans)
		// Text before a picture or left-out HTML ends in the space that
		// stood between them.
		for k := len(cur.Spans) - 1; k >= 0 && !cur.Spans[k].Break; k-- {
			if cur.Spans[k].Text = strings.TrimRight(cur.Spans[k].Text, " \t"); cur.Spans[k].Text != "" {
				break
			}
			cur.Spans = cur.Spans[:k]
		}
		if len(cur.Spans) > 0 {
			out = append(out, cur)
		}
		cur = tmpl
		cur.Spans = nil
	}
	w.inlines(n, style{}, func(s Span, soft bool) {
		if soft {
			s.Text += "\n" // joinSpans decides between a space and nothing
		}
		cur.Spans = append(cur.Spans, s)
	}, func(im Image) {
		flush()
		out = append(out, Block{Kind: Picture, Line: im.Line, Image: im})
	})
	flush()
	return out
}

type style struct{ strong, emphasis bool }

func (st style) span(text string) Span {
	return Span{Text: text, Strong: st.strong, Emphasis: st.emphasis}
}

func (w *walker) inlines(parent ast.Node, st style, emit func(s Span, soft bool), pic func(Image)) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch t := n.(type) {
		case *ast.Text:
			s := st.span(unescape(t.Segment.Value(w.src)))
			s.Break = t.HardLineBreak()
			emit(s, t.SoftLineBreak() && !t.HardLineBreak())
		case *ast.String:
			emit(st.span(string(t.Value)), false)
		case *ast.CodeSpan:
			var b bytes.Buffer
			for c := t.FirstChild(); c != nil; c = c.NextSibling() {
				if tx, ok := c.(*ast.Text); ok {
					b.Write(tx.Segment.Value(w.src))
				} else if s, ok := c.(*ast.String); ok {
					b.Write(s.Value)
				}
			}
			s := st.span(b.String())
			s.Code = true
			emit(s, false)
		case *ast.Emphasis:
			inner := st
			if t.Level >= 2 {
				inner.strong = true
			} else {
				inner.emphasis = true
			}
			w.inlines(t, inner, emit, pic)
		case *ast.Link:
			if w.quiet == 0 {
				w.doc.Links = append(w.doc.Links, Link{Dest: string(t.Destination), Text: w.plain(t), Line: w.line(t)})
			}
			w.inlines(t, st, emit, pic)
		case *ast.AutoLink:
			label := string(t.Label(w.src))
			if w.quiet == 0 {
				w.doc.Links = append(w.doc.Links, Link{Dest: string(t.URL(w.src)), Text: label, Line: w.line(t)})
			}
			emit(st.span(label), false)
		case *ast.Image:
			im := Image{Dest: string(t.Destination), Alt: w.plain(t), Title: string(t.Title)}
			if w.quiet == 0 {
				im.Line = w.line(t)
				w.doc.Images = append(w.doc.Images, im)
			}
			pic(im)
		case *ast.RawHTML:
			if w.quiet > 0 {
				continue
			}
			var b bytes.Buffer
			for i := range t.Segments.Len() {
				seg := t.Segments.At(i)
				b.Write(seg.Value(w.src))
			}
			w.html(b.String(), w.line(t))
		default:
			w.inlines(n, st, emit, pic)
		}
	}
}

// plain is the text of an inline node's children: a link's words, a
// picture's description.
func (w *walker) plain(n ast.Node) string {
	// Only text is wanted here: what n holds is recorded where it is
	// walked for showing, once.
	w.quiet++
	defer func() { w.quiet-- }()
	var b strings.Builder
	w.inlines(n, style{}, func(s Span, soft bool) {
		b.WriteString(s.Text)
		if soft {
			b.WriteByte(' ')
		}
	}, func(im Image) { b.WriteString(im.Alt) })
	return b.String()
}

// unescape resolves what CommonMark resolves in text: backslash escapes
// and character references.
func unescape(b []byte) string {
	return string(util.UnescapePunctuations(util.ResolveEntityNames(util.ResolveNumericReferences(b))))
}

// joinSpans turns each soft line break into a space between Latin words
// and into nothing between Chinese characters (a line break inside a
// Chinese sentence is not a space), and drops empty spans.
func joinSpans(spans []Span) []Span {
	out := spans[:0]
	for i, s := range spans {
		if t, ok := strings.CutSuffix(s.Text, "\n"); ok {
			prev, _ := utf8.DecodeLastRuneInString(t)
			next := rune(0)
			for _, later := range spans[i+1:] {
				if later.Text != "" {
					next, _ = utf8.DecodeRuneInString(later.Text)
					break
				}
			}
			if next != 0 && (prev < 0x2E80 || next < 0x2E80) {
				t += " "
			}
			s.Text = t
		}
		if s.Text != "" || s.Break {
			out = append(out, s)
		}
	}
	return out
}

// line is the 1-based line of the body where n starts.
func (w *walker) line(n ast.Node) int {
	off := w.offset(n)
	if off < 0 {
		return 1
	}
	// the number of line ends before off, found in the index built once:
	// counting them from the start for every node is quadratic
	return 1 + sort.SearchInts(w.newlines, min(off, len(w.src)))
}

// maxBack bounds how many earlier siblings offset looks through for a
// position: a run of thousands of pictures without descriptions would
// otherwise make finding each one's line quadratic. Past it, the block's
// own start stands in (a line a little early, never a wrong file).
const maxBack = 32

// offset is where n starts in the source. goldmark records positions of
// text and of block lines only: a node without text of its own (a picture
// with no description, an autolink) starts where the text before it ends,
// or where its block starts.
func (w *walker) offset(n ast.Node) int {
	if o := start(n); o >= 0 {
		return o
	}
	for cur := n; cur != nil; cur = cur.Parent() {
		back := 0
		for p := cur.PreviousSibling(); p != nil && back < maxBack; p = p.PreviousSibling() {
			if e := w.end(p); e >= 0 {
				return e
			}
			back++
		}
		if parent := cur.Parent(); parent != nil && parent.Type() == ast.TypeBlock {
			if lines := parent.Lines(); lines.Len() > 0 {
				return lines.At(0).Start
			}
		}
	}
	return -1
}

// start is the first position n or one of its descendants records.
func start(n ast.Node) int {
	switch t := n.(type) {
	case *ast.Text:
		return t.Segment.Start
	case *ast.RawHTML:
		if t.Segments.Len() > 0 {
			return t.Segments.At(0).Start
		}
	}
	if n.Type() == ast.TypeBlock {
		if lines := n.Lines(); lines.Len() > 0 {
			return lines.At(0).Start
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if o := start(c); o >= 0 {
			return o
		}
	}
	return -1
}

// end is the position after the last text n or its descendants record;
// after a line break, the start of the next line.
func (w *walker) end(n ast.Node) int {
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if e := w.end(c); e >= 0 {
			return e
		}
	}
	switch t := n.(type) {
	case *ast.Text:
		e := t.Segment.Stop
		if t.SoftLineBreak() || t.HardLineBreak() {
			if i := bytes.IndexByte(w.src[e:], '\n'); i >= 0 {
				e += i + 1
			}
		}
		return e
	case *ast.RawHTML:
		if k := t.Segments.Len(); k > 0 {
			return t.Segments.At(k - 1).Stop
		}
	}
	return -1
}

// PlainText is the words the Doc shows, without markup: a line for each
// block, a picture as its description, a line break as a new line. The
// search indexes it, so that neither file names nor link destinations
// match and snippets carry no #, * or >.
func (d *Doc) PlainText() string {
	var b strings.Builder
	writePlain(&b, d.Blocks)
	return strings.TrimRight(b.String(), "\n")
}

func writePlain(b *strings.Builder, blocks []Block) {
	for _, bl := range blocks {
		switch bl.Kind {
		case Paragraph, Heading:
			for _, s := range bl.Spans {
				b.WriteString(s.Text)
				if s.Break {
					b.WriteByte('\n')
				}
			}
		case Code:
			b.WriteString(strings.TrimRight(bl.Text, "\n"))
		case Picture:
			b.WriteString(bl.Image.Alt)
		case Quote:
			writePlain(b, bl.Blocks)
			continue
		case List:
			for _, item := range bl.Items {
				writePlain(b, item)
			}
			continue
		default: // a rule shows no words
			continue
		}
		b.WriteByte('\n')
	}
}
