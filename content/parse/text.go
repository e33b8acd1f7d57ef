package parse

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qingfeng/content"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns data as UTF-8 text. Excel and WPS on Chinese Windows
// save CSV (and Notepad saves text) as GBK; that is converted with a warning
// rather than refused. Bytes that are neither UTF-8 nor GBK are an error.
func decodeText(data []byte, name string, ps *content.Problems) (string, bool) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return normalizeNewlines(string(data)), true
	}
	s, err := simplifiedchinese.GBK.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(s, utf8.RuneError) {
		utf16 := bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) // Notepad's "Unicode"
		if line := undecodableLine(data); line > 0 && !utf16 {
			ps.Errorf(name, line, "这一行的文字编码无法识别（既不是UTF-8也不是GBK，可能有一个字坏了，或是从别处粘贴来的乱码）。请检查这一行，或用“另存为”选择 UTF-8 编码后重新保存")
		} else {
			ps.Errorf(name, 0, "文字编码无法识别（既不是UTF-8也不是GBK）。请用“另存为”选择 UTF-8 编码后重新保存")
		}
		return "", false
	}
	ps.Warnf(name, 0, "文件是GBK编码（Excel/WPS的默认格式），已自动转换为UTF-8")
	return normalizeNewlines(string(s)), true
}

// undecodableLine is the first line of data that is neither UTF-8 nor
// GBK, 0 if every line is one or the other (a file that mixes them). No
// GBK character holds a line feed byte, so lines split as the text would.
func undecodableLine(data []byte) int {
	dec := simplifiedchinese.GBK.NewDecoder()
	for n := 1; len(data) > 0; n++ {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		if utf8.Valid(line) {
			continue
		}
		if s, err := dec.Bytes(line); err != nil || bytes.ContainsRune(s, utf8.RuneError) {
			return n
		}
	}
	return 0
}

// normalizeNewlines turns Windows (CRLF) and old Mac (CR) line ends into LF,
// so that our line numbers agree with the YAML library's, which counts a
// lone CR as a line break too.
func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// splitFrontMatter separates the YAML front matter of a story from its
// Markdown body. bodyLine is the 1-based line where the body starts.
func splitFrontMatter(text string) (front, body string, bodyLine int, ok bool) {
	if !strings.HasPrefix(text, "---\n") {
		return "", text, 1, false
	}
	rest := text[4:]
	line := 2
	for {
		nl := strings.IndexByte(rest, '\n')
		var cur string
		if nl < 0 {
			cur = rest
		} else {
			cur = rest[:nl]
		}
		if strings.TrimRight(cur, " \t") == "---" {
			front = text[4 : len(text)-len(rest)]
			if nl < 0 {
				return front, "", line + 1, true
			}
			return front, rest[nl+1:], line + 1, true
		}
		if nl < 0 {
			return "", "", 0, false
		}
		rest = rest[nl+1:]
		line++
	}
}
