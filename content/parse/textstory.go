package parse

import (
	"path"
	"strings"

	"qingfeng/content"
	"qingfeng/content/docx"
	"qingfeng/content/markdown"
)

// readTextStory reads a story written in Notepad (.txt, UTF-8 with or
// without a byte-order mark, or GBK): its title is the file's name, each
// line a paragraph shown as typed, a first line "分类：…" its category
// unless its folder gives one, and its cover the picture with its name
// beside it. Runs after the media check.
func (r *reader) readTextStory(f *file, category string) {
	text, ok := r.readText(f)
	if !ok {
		return
	}
	r.held -= int64(len(text)) // what is kept is the body, counted by finishStory
	base := strings.TrimSuffix(path.Base(f.path), path.Ext(f.path))
	s := content.Story{File: f.path, ID: nameID(base, "story"), Title: base}
	lines := strings.Split(text, "\n")
	written, catLine := "", 0
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if c, ok := docx.CategoryLine(l); ok {
			written, catLine = c, i+1
			lines[i] = ""
		}
		break
	}
	s.Category = r.storyCategory(f.path, catLine, category, written)
	var b strings.Builder
	for _, l := range lines {
		// Leading spaces would make code of a line; a full-width indent
		// (　　) is kept, it is how Chinese paragraphs start.
		if l = strings.Trim(strings.ReplaceAll(l, "\t", " "), " "); l == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(markdown.Escape(l))
	}
	s.Body = b.String()
	s.Cover = r.besideCover(f.path)
	r.finishStory(f.path, s, true)
}
