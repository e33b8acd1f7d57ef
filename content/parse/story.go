package parse

import (
	"net/url"
	"strings"

	"qingfeng/content"
	"qingfeng/content/markdown"
)

// checkBody checks a story body as the story screen reads it (the same
// parser, the same tree): every picture must be an image of the package,
// and the author learns that links are shown as text and HTML not at all.
// bodyLine is the file line the body starts on.
func (r *reader) checkBody(file string, bodyLine int, body string, s *content.Story) {
	doc := markdown.Parse(body)
	at := func(line int) int { return bodyLine + line - 1 }
	if doc.TooLong {
		r.ps.Errorf(file, bodyLine, "故事正文有%s，超过%s的上限（约8万字），请把它分成几个故事", humanBytes(int64(len(body))), humanBytes(markdown.MaxBodyBytes))
		return
	}
	if doc.TooDeep > 0 {
		r.ps.Errorf(file, at(doc.TooDeep), "这一行套了%d层引用（>）或列表，展示屏最多显示%d层，请减少“>”或列表符号的层数", doc.Depth, markdown.MaxDepth)
		return
	}
	for _, im := range doc.Images {
		line := at(im.Line)
		if im.Dest == "" {
			r.ps.Errorf(file, line, "正文图片没有写文件名，请写成 ![说明](media/文件名)")
			continue
		}
		if u, err := url.Parse(im.Dest); err == nil && len(u.Scheme) > 1 {
			if u.Scheme == "http" || u.Scheme == "https" {
				r.ps.Warnf(file, line, "网络图片“%s”在没有网络的展示屏上无法显示，请把图片放进 media/", shorten(im.Dest))
			} else {
				r.ps.Errorf(file, line, "正文图片“%s”不是内容包里的文件，请把图片放进 media/，写成 ![说明](media/文件名)", shorten(im.Dest))
			}
			continue
		}
		if p := r.ref(file, line, "正文图片", im.Dest, content.Image); p != "" {
			s.Images = append(s.Images, p)
		}
	}
	for i, l := range doc.Links {
		if i == maxWarningsOfAKind {
			r.ps.Warnf(file, at(l.Line), "从这一行起还有%d个链接，同样只显示文字", len(doc.Links)-i)
			break
		}
		r.ps.Warnf(file, at(l.Line), "链接“%s”在展示屏上不能点开，只显示文字“%s”；要让观众用手机打开网址，请写在说明部分的 url 里（显示为二维码）",
			shorten(l.Dest), shorten(strings.TrimSpace(l.Text)))
	}
	for i, h := range doc.HTML {
		if i == maxWarningsOfAKind {
			r.ps.Warnf(file, at(h.Line), "从这一行起还有%d处HTML代码，同样已去掉", len(doc.HTML)-i)
			break
		}
		r.ps.Warnf(file, at(h.Line), "正文里的HTML代码“%s”在展示屏上不显示，已去掉；图片请写成 ![说明](media/文件名)，文字直接写", shorten(h.Text))
	}
}

// maxWarningsOfAKind bounds the warnings of one kind a story gets: a page
// pasted from the web holds thousands of links and tags, and a report of
// thousands of lines helps nobody (and costs memory of its own).
const maxWarningsOfAKind = 5
