package parse

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// pngBytes draws a small w×h picture.
func pngBytes(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(200 + x%50), uint8(y % 200), 40, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// bombPNG is a tiny, valid-looking PNG whose header claims w×h pixels.
func bombPNG(tb testing.TB, w, h uint32) []byte {
	tb.Helper()
	b := pngBytes(tb, 1, 1)
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

const okPackageYAML = "id: demo\ntitle: 示例\nversion: 1\n"

// okTeaSet is a valid 七味茶 file; line 5 is the first pair's tea, line 6 its
// saying, and each further pair two lines down.
const okTeaSet = `id: qiwei
title: 七味茶
footnote: 茶语为示例
pairs:
  - tea: 金银花茶
    saying: 做人只守一份清白。
  - tea: 莲心茶
    saying: 守得住清苦，才守得住初心。
`

const okPuzzle = "id: fans\ntitle: 清廉剪纸\nimage: media/cover.png\n"

// teaSetWithPairs writes a tea set of n distinct pairs.
func teaSetWithPairs(n int) string {
	var b strings.Builder
	b.WriteString("id: qiwei\ntitle: 七味茶\npairs:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - tea: 茶%d\n    saying: 茶语%d\n", i+1, i+1)
	}
	return b.String()
}

const okStory = `---
id: tea
title: 清厢茶馆
category: 清廉阵地
cover: media/cover.png
---
茶馆里有七味茶。

![茶](media/cover.png)
`

// baseTree is a small valid package that the cases below break one rule at
// a time.
func baseTree(tb testing.TB) *txtar.Archive {
	tb.Helper()
	a := txtar.Parse([]byte("-- package.yaml --\n" + okPackageYAML + "-- stories/tea.md --\n" + okStory +
		"-- teas/qiwei.yaml --\n" + okTeaSet + "-- puzzles/fans.yaml --\n" + okPuzzle + `-- disclosures/fin.csv --
月份,收入,支出
1月,"1,200.50",300
2月,¥800,200元
-- disclosures/fin.yaml --
title: 示例村财务
category: 财务
amount_columns: [收入, 支出]
-- quizzes/q.yaml --
id: q1
title: 答题
questions:
  - q: 智慧印章覆盖多少村社？
    choices: ["558", "100"]
    answer: A
-- .DS_Store --
junk
-- stories/._tea.md --
junk
-- __MACOSX/stories/x.md --
junk
-- disclosures/Thumbs.db --
junk
-- media/.hidden/other.png --
junk
`))
	// stories/._tea.md is a macOS AppleDouble file: ignored, as are the
	// other junk files. The picture is drawn in Go.
	a.Files = append(a.Files, txtar.File{Name: "media/cover.png", Data: pngBytes(tb, 64, 48)})
	return a
}

// set puts data into a under name, in place of a file of that name.
func set(a *txtar.Archive, name, data string) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = []byte(data)
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: []byte(data)})
}

// get is the data of a's file name, "" if it has none.
func get(a *txtar.Archive, name string) string {
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

// drop removes a's file name.
func drop(a *txtar.Archive, name string) {
	a.Files = slices.DeleteFunc(a.Files, func(f txtar.File) bool { return f.Name == name })
}

func zipTree(tb testing.TB, a *txtar.Archive, prefix string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range a.Files {
		w, err := zw.Create(prefix + f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func readDir(tb testing.TB, dir string, opts Options) (*content.Package, content.Problems) {
	tb.Helper()
	src, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	return Read(context.Background(), src, opts)
}

func TestValidPackage(t *testing.T) {
	dir := contenttest.Write(t, t.TempDir(), baseTree(t))
	pkg, ps := readDir(t, dir, Options{Thumbnails: true})
	if len(ps) != 0 {
		t.Fatalf("want no problems, got:\n%v", ps)
	}
	if pkg.ID != "demo" || pkg.Version != 1 || len(pkg.Stories) != 1 || len(pkg.Disclosures) != 1 || len(pkg.Quizzes) != 1 || len(pkg.Media) != 1 {
		t.Fatalf("unexpected package: %+v", pkg)
	}
	s := pkg.Stories[0]
	if s.Cover != "media/cover.png" || len(s.Images) != 1 || !strings.Contains(s.Body, "七味茶") {
		t.Errorf("story: %+v", s)
	}
	d := pkg.Disclosures[0]
	if d.Title != "示例村财务" || d.Category != "财务" || len(d.Rows) != 2 || d.Rows[0].Line != 2 {
		t.Errorf("disclosure: %+v", d)
	}
	if got := d.Rows[0].Amounts; got[0] != 1200.5 || got[1] != 300 {
		t.Errorf("amounts row 1 = %v", got)
	}
	if got := d.Rows[1].Amounts; got[0] != 800 || got[1] != 200 {
		t.Errorf("amounts row 2 = %v", got)
	}
	if len(pkg.TeaSets) != 1 || len(pkg.Puzzles) != 1 {
		t.Fatalf("tea sets %+v, puzzles %+v", pkg.TeaSets, pkg.Puzzles)
	}
	wantTea := content.TeaSet{ID: "qiwei", File: "teas/qiwei.yaml", Title: "七味茶", Footnote: "茶语为示例",
		Pairs: []content.TeaPair{{Tea: "金银花茶", Saying: "做人只守一份清白。"}, {Tea: "莲心茶", Saying: "守得住清苦，才守得住初心。"}}}
	if ts := pkg.TeaSets[0]; fmt.Sprintf("%+v", ts) != fmt.Sprintf("%+v", wantTea) {
		t.Errorf("tea set = %+v\nwant       %+v", ts, wantTea)
	}
	wantPuzzle := content.Puzzle{ID: "fans", File: "puzzles/fans.yaml", Title: "清廉剪纸", Image: "media/cover.png"}
	if pz := pkg.Puzzles[0]; pz != wantPuzzle {
		t.Errorf("puzzle = %+v, want %+v", pz, wantPuzzle)
	}
	m := pkg.Media[0]
	if m.Width != 64 || m.Height != 48 || len(m.SHA256) != 64 || len(m.Thumb) == 0 {
		t.Errorf("media: %+v", m)
	}
	if th, _, err := image.DecodeConfig(bytes.NewReader(m.Thumb)); err != nil || th.Width != 64 {
		t.Errorf("thumbnail of a small image should keep its size: %+v %v", th, err)
	}
}

func TestZipPackages(t *testing.T) {
	tree := baseTree(t)
	for _, prefix := range []string{"", "village-2026/"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			src := OpenZipBytes("p.zip", zipTree(t, tree, prefix))
			pkg, ps := Read(context.Background(), src, Options{})
			if ps.HasErrors() || pkg == nil || len(pkg.Stories) != 1 {
				t.Fatalf("zip with prefix %q: %v", prefix, ps)
			}
		})
	}
}

// problemCase breaks one rule and names where the problem must be reported.
type problemCase struct {
	name   string
	change func(tb testing.TB, a *txtar.Archive)
	opts   Options
	file   string
	line   int // 0: no line applies
	sev    content.Severity
	want   string // a phrase of the message
}

func TestValidationRules(t *testing.T) {
	cases := []problemCase{
		{name: "malformed package.yaml", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: [示例\nversion: 1\n")
		}, file: "package.yaml", line: 2, want: "格式错误"},
		{name: "bad indentation", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: 示例\n  version: 1\n")
		}, file: "package.yaml", line: 3, want: "格式错误"},
		{name: "malformed front matter", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", "---\nid: tea\ntitle: \"清厢茶馆\ncategory: 清廉阵地\n---\n正文\n")
		}, file: "stories/tea.md", line: 3, want: "格式错误"},
		{name: "story without front matter", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", "清厢茶馆的故事\n")
		}, file: "stories/tea.md", line: 1, want: "---"},
		{name: "unterminated front matter", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", "---\nid: tea\ntitle: 茶\ncategory: 清廉阵地\n正文\n")
		}, file: "stories/tea.md", line: 1, want: "---"},
		{name: "missing required field", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", "---\nid: tea\ncategory: 清廉阵地\n---\n正文\n")
		}, file: "stories/tea.md", line: 2, want: "缺少必填项“title”"},
		{name: "missing version", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: 示例\n")
		}, file: "package.yaml", line: 1, want: "缺少必填项“version”"},
		{name: "wrong-typed version", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: 示例\nversion: 第二版\n")
		}, file: "package.yaml", line: 3, want: "应为整数"},
		{name: "wrong-typed title", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", "---\nid: tea\ntitle:\n  - 甲\n  - 乙\ncategory: 清廉阵地\n---\n正文\n")
		}, file: "stories/tea.md", line: 4, want: "应为一段文字"},
		{name: "wrong-typed featured", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", "---\nid: tea\ntitle: 茶\ncategory: 清廉阵地\nfeatured: 也许\n---\n正文\n")
		}, file: "stories/tea.md", line: 5, want: "true 或 false"},
		{name: "bad id characters", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: Demo 包\ntitle: 示例\nversion: 1\n")
		}, file: "package.yaml", line: 1, want: "小写英文字母"},
		{name: "duplicate key", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", "id: demo\ntitle: 示例\nversion: 1\ntitle: 又一个\n")
		}, file: "package.yaml", line: 4, want: "写了两次"},
		{name: "unknown key", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", okPackageYAML+"titel: 错字\n")
		}, file: "package.yaml", line: 4, sev: content.Warning, want: "不认识的项目“titel”"},
		{name: "duplicate story ids", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea2.md", strings.Replace(okStory, "title: 清厢茶馆", "title: 另一篇", 1))
		}, file: "stories/tea2.md", line: 2, want: "重复"},
		{name: "duplicate disclosure ids", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.xlsx", string(xlsxBytes(tb, [][]string{{"a"}, {"1"}})))
		}, file: "disclosures/fin.xlsx", want: "重复"},
		{name: "missing cover", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "cover: media/cover.png", "cover: media/Cover.PNG", 1))
		}, file: "stories/tea.md", line: 5, want: "不存在"},
		{name: "missing body image", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "![茶](media/cover.png)", "![茶](media/none.jpg)", 1))
		}, file: "stories/tea.md", line: 9, want: "“media/none.jpg”不存在"},
		{name: "cover is audio", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "media/talk.mp3", string(mp3Bytes(tb, 3, true)))
			set(f, "stories/tea.md", strings.Replace(okStory, "cover: media/cover.png", "cover: media/talk.mp3", 1))
		}, file: "stories/tea.md", line: 5, want: "应当是图片"},
		{name: "corrupt image", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "media/bad.png", "this is not a picture")
		}, file: "media/bad.png", want: "损坏"},
		{name: "truncated image", change: func(tb testing.TB, f *txtar.Archive) {
			b := pngBytes(tb, 200, 200)
			set(f, "media/cut.png", string(b[:len(b)/2]))
		}, file: "media/cut.png", want: "不完整"},
		{name: "decompression bomb", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "media/bomb.png", string(bombPNG(tb, 100000, 100000)))
		}, file: "media/bomb.png", want: "100000×100000 太大"},
		{name: "image over pixel limit", opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxImagePixels = 1000
			return l
		}()}, file: "media/cover.png", want: "64×48 太大"},
		{name: "image over size limit", opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxImageBytes = 100
			return l
		}()}, file: "media/cover.png", want: "文件太大"},
		{name: "text over size limit", opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxTextBytes = 50
			return l
		}()}, file: "stories/tea.md", want: "文件太大"},
		{name: "package over size limit", opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxPackageBytes = 100
			return l
		}()}, file: "", want: "总大小超过"},
		{name: "table over row limit", opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxRows = 1
			return l
		}()}, file: "disclosures/fin.csv", line: 3, want: "超过1行的上限"},
		{name: "sheet over size limit", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", string(xlsxBytes(tb, [][]string{{"项目"}, {"租金"}})))
		}, opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxSheetBytes = 100
			return l
		}()}, file: "disclosures/book.xlsx", want: "文件太大"},
		{name: "audio over size limit", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "media/talk.mp3", "ID3"+strings.Repeat("x", 200))
		}, opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxAudioBytes = 100
			return l
		}()}, file: "media/talk.mp3", want: "文件太大"},
		{name: "too many files", opts: Options{Limits: func() content.Limits {
			l := content.DefaultLimits()
			l.MaxFiles = 3
			return l
		}()}, file: "", want: "上限"},
		{name: "zero-byte file", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "media/empty.jpg", "")
		}, file: "media/empty.jpg", want: "0字节"},
		{name: "zero-byte story", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/empty.md", "")
		}, file: "stories/empty.md", want: "0字节"},
		{name: "bad audio", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "media/talk.ogg", "RIFF....WAVE")
		}, file: "media/talk.ogg", want: "OGG"},
		{name: "unsupported media", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "media/clip.mp4", "....")
		}, file: "media/clip.mp4", want: "不支持"},
		{name: "unknown story category", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "category: 清廉阵地", "category: 新闻", 1))
		}, file: "stories/tea.md", line: 4, want: "分类“新闻”不认识"},
		{name: "unknown disclosure category", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.yaml", "title: 示例村财务\ncategory: 财政\namount_columns: [收入, 支出]\n")
		}, file: "disclosures/fin.yaml", line: 2, want: "分类“财政”不认识"},
		{name: "csv wrong column count", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.csv", "月份,收入,支出\n1月,100,300\n2月,800\n3月,1,2\n")
		}, file: "disclosures/fin.csv", line: 3, want: "这一行有2列，但表头有3列"},
		{name: "csv multiline cell keeps line numbers", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.csv", "月份,收入,支出\n\"1月\n上旬\",100,300\n2月,八百,200\n")
		}, file: "disclosures/fin.csv", line: 4, want: "“收入”列的“八百”不是数字"},
		{name: "non-numeric amount", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.csv", "月份,收入,支出\n1月,100,300\n2月,待定,200\n")
		}, file: "disclosures/fin.csv", line: 3, want: "“收入”列的“待定”不是数字"},
		{name: "amount column not in header", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.yaml", "title: 示例村财务\ncategory: 财务\namount_columns: [收入, 金额]\n")
		}, file: "disclosures/fin.yaml", line: 3, want: "“金额”不是"},
		{name: "header row beyond table", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.yaml", "title: 示例村财务\nheader_row: 9\n")
		}, file: "disclosures/fin.csv", want: "找不到表头"},
		{name: "gbk csv is converted", change: func(tb testing.TB, f *txtar.Archive) {
			gbk, err := simplifiedchinese.GBK.NewEncoder().String("月份,收入,支出\n一月,100,300\n")
			if err != nil {
				tb.Fatal(err)
			}
			set(f, "disclosures/fin.csv", gbk)
		}, file: "disclosures/fin.csv", sev: content.Warning, want: "GBK编码"},
		{name: "undecodable text", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/fin.csv", "\xff\xfe\xff\xfe\x00\x80")
		}, file: "disclosures/fin.csv", want: "编码无法识别"},
		{name: "old xls", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/old.xls", "....")
		}, file: "disclosures/old.xls", want: ".xls"},
		{name: "corrupt xlsx", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", "PK\x03\x04 not really")
		}, file: "disclosures/book.xlsx", want: "无法打开这个Excel表格"},
		{name: "xlsx non-numeric amount names the row", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "disclosures/book.xlsx", string(xlsxBytes(tb, [][]string{{"示例村2026年收支表"}, {"项目", "金额"}, {"租金", "3000"}, {"补助", "很多"}})))
			set(f, "disclosures/book.yaml", "title: 收支\ncategory: 财务\nheader_row: 2\namount_columns: [金额]\n")
		}, file: "disclosures/book.xlsx", line: 4, want: "“金额”列的“很多”不是数字"},
		{name: "path escapes with ..", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "cover: media/cover.png", "cover: ../../etc/secret.png", 1))
		}, file: "stories/tea.md", line: 5, want: "内容包以外"},
		{name: "absolute path", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "cover: media/cover.png", "cover: /home/pi/cover.png", 1))
		}, file: "stories/tea.md", line: 5, want: "绝对路径"},
		{name: "windows absolute path", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "cover: media/cover.png", `cover: 'C:\Users\cover.png'`, 1))
		}, file: "stories/tea.md", line: 5, want: "绝对路径"},
		{name: "unparsable date", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "package.yaml", okPackageYAML+"publish_at: 2026-13-45\n")
		}, file: "package.yaml", line: 4, want: "日期“2026-13-45”无法识别"},
		{name: "expires before publishing", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "cover: media/cover.png", "cover: media/cover.png\npublish_at: 2026-03-01\nexpire_at: 2026-02-01", 1))
		}, file: "stories/tea.md", line: 7, want: "早于或等于发布时间"},
		{name: "quiz answer letter past the choices", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", "id: q1\ntitle: 答题\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: C\n")
		}, file: "quizzes/q.yaml", line: 6, want: "答案是C，但只有2个选项"},
		{name: "quiz answer number counted from 1 out of range", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", "id: q1\ntitle: 答题\nanswers_from: 1\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: 3\n")
		}, file: "quizzes/q.yaml", line: 7, want: "答案编号3不对：选项从1开始数"},
		{name: "quiz answer 0 counted from 1", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", "id: q1\ntitle: 答题\nanswers_from: 1\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: 0\n")
		}, file: "quizzes/q.yaml", line: 7, want: "答案编号0不对"},
		{name: "old quiz counted from 0 is refused, not shifted", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", "id: q1\ntitle: 答题\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: 1\n")
		}, file: "quizzes/q.yaml", line: 6, want: "按旧写法（从0数）1 是选项B，就写 answer: B"},
		{name: "quiz counted from 0 declared", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", "id: q1\ntitle: 答题\nanswers_from: 0\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: 1\n")
		}, file: "quizzes/q.yaml", line: 3, want: "只能写 1"},
		{name: "quiz answer neither letter nor number", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", "id: q1\ntitle: 答题\nquestions:\n  - q: 几个？\n    choices: [一, 二]\n    answer: 第二个\n")
		}, file: "quizzes/q.yaml", line: 6, want: "“第二个”不是选项字母"},
		{name: "quiz with one choice", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "quizzes/q.yaml", "id: q1\ntitle: 答题\nquestions:\n  - q: 几个？\n    choices: [一]\n    answer: A\n")
		}, file: "quizzes/q.yaml", line: 5, want: "2到6个选项"},
		{name: "tea set with one pair", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", teaSetWithPairs(1))
		}, file: "teas/qiwei.yaml", line: 3, want: "应有2到8组茶和茶语，现在有1组"},
		{name: "tea set with nine pairs", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", teaSetWithPairs(9))
		}, file: "teas/qiwei.yaml", line: 3, want: "现在有9组"},
		{name: "blank tea", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(okTeaSet, "tea: 莲心茶", `tea: ""`, 1))
		}, file: "teas/qiwei.yaml", line: 7, want: "“tea”不能为空"},
		{name: "blank saying", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(okTeaSet, "saying: 做人只守一份清白。", "saying: \"  \"", 1))
		}, file: "teas/qiwei.yaml", line: 6, want: "“saying”不能为空"},
		{name: "repeated tea", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(okTeaSet, "tea: 莲心茶", "tea: 金银花茶", 1))
		}, file: "teas/qiwei.yaml", line: 7, want: "第2组的茶名“金银花茶”和第1组重复了"},
		{name: "repeated saying", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(okTeaSet, "守得住清苦，才守得住初心。", "做人只守一份清白。", 1))
		}, file: "teas/qiwei.yaml", line: 8, want: "第2组的茶语和第1组重复了"},
		{name: "tea pair that is not a mapping", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", okTeaSet+"  - 清茶\n")
		}, file: "teas/qiwei.yaml", line: 9, want: "第3组应为包含 tea、saying"},
		{name: "unknown key in tea set", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(okTeaSet, "footnote:", "footnotes:", 1))
		}, file: "teas/qiwei.yaml", line: 3, sev: content.Warning, want: "不认识的项目“footnotes”"},
		{name: "unknown key in tea pair", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(okTeaSet, "    saying: 做人只守一份清白。", "    sayings: 做人只守一份清白。", 1))
		}, file: "teas/qiwei.yaml", line: 6, sev: content.Warning, want: "不认识的项目“sayings”"},
		{name: "tea set id used twice", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei2.yaml", okTeaSet)
		}, file: "teas/qiwei2.yaml", line: 1, want: "七味茶编号“qiwei”重复了，teas/qiwei.yaml 也用了它"},
		{name: "tea set without title", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", strings.Replace(okTeaSet, "title: 七味茶\n", "", 1))
		}, file: "teas/qiwei.yaml", line: 1, want: "缺少必填项“title”"},
		{name: "tea set expires before publishing", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "teas/qiwei.yaml", okTeaSet+"publish_at: 2026-03-01\nexpire_at: 2026-02-01\n")
		}, file: "teas/qiwei.yaml", line: 10, want: "早于或等于发布时间"},
		{name: "puzzle without image", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans.yaml", "id: fans\ntitle: 清廉剪纸\n")
		}, file: "puzzles/fans.yaml", line: 1, want: "缺少必填项“image”"},
		{name: "puzzle image missing", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans.yaml", strings.Replace(okPuzzle, "media/cover.png", "media/fans.png", 1))
		}, file: "puzzles/fans.yaml", line: 3, want: "“media/fans.png”不存在"},
		{name: "puzzle image is audio", change: func(tb testing.TB, f *txtar.Archive) {
			set(f, "media/talk.mp3", string(mp3Bytes(tb, 3, true)))
			set(f, "puzzles/fans.yaml", strings.Replace(okPuzzle, "media/cover.png", "media/talk.mp3", 1))
		}, file: "puzzles/fans.yaml", line: 3, want: "拼图图片应当是图片"},
		{name: "puzzle image outside the package", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans.yaml", strings.Replace(okPuzzle, "media/cover.png", "../cover.png", 1))
		}, file: "puzzles/fans.yaml", line: 3, want: "指向内容包以外"},
		{name: "puzzle rows too few", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans.yaml", okPuzzle+"rows: 1\ncols: 4\n")
		}, file: "puzzles/fans.yaml", line: 4, want: "“rows”（行数）应在2到6之间，现在是1"},
		{name: "puzzle cols too many", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans.yaml", okPuzzle+"rows: 3\ncols: 7\n")
		}, file: "puzzles/fans.yaml", line: 5, want: "“cols”（列数）应在2到6之间，现在是7"},
		{name: "puzzle cols not a number", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans.yaml", okPuzzle+"cols: 四\n")
		}, file: "puzzles/fans.yaml", line: 4, want: "“cols”应为整数"},
		{name: "unknown key in puzzle", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans.yaml", okPuzzle+"picture: media/cover.png\n")
		}, file: "puzzles/fans.yaml", line: 4, sev: content.Warning, want: "不认识的项目“picture”"},
		{name: "puzzle id used twice", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "puzzles/fans2.yaml", okPuzzle)
		}, file: "puzzles/fans2.yaml", line: 1, want: "拼图编号“fans”重复了"},
		{name: "bad url", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "stories/tea.md", strings.Replace(okStory, "cover: media/cover.png", "cover: media/cover.png\nurl: www.example.org", 1))
		}, file: "stories/tea.md", line: 6, want: "http"},
		{name: "signed without package.yaml", change: func(_ testing.TB, f *txtar.Archive) {
			drop(f, "package.yaml")
			set(f, "MANIFEST.txt", "qingfeng-manifest 1\n")
		}, file: "package.yaml", want: "签过名的内容包必须有 package.yaml"},
		{name: "package with no items", change: func(_ testing.TB, f *txtar.Archive) {
			f.Files = slices.DeleteFunc(f.Files, func(f txtar.File) bool { return f.Name != "package.yaml" })
		}, file: "", want: "没有任何故事"},
		{name: "unknown file", change: func(_ testing.TB, f *txtar.Archive) {
			set(f, "notes.docx", "...")
		}, file: "notes.docx", sev: content.Warning, want: "已忽略"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := baseTree(t)
			if tc.change != nil {
				tc.change(t, files)
			}
			_, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), tc.opts)
			assertProblem(t, ps, tc.file, tc.line, tc.sev, tc.want)
		})
	}
}

func assertProblem(tb testing.TB, ps content.Problems, file string, line int, sev content.Severity, want string) {
	tb.Helper()
	for _, p := range ps {
		if p.File == file && p.Line == line && p.Severity == sev && strings.Contains(p.Msg, want) {
			if sev == content.Error && !ps.HasErrors() {
				tb.Fatal("HasErrors is false with an error present")
			}
			return
		}
	}
	tb.Fatalf("want a %v at %s:%d containing %q; got:\n%v", sev, file, line, want, ps)
}

func TestGBKContentIsConverted(t *testing.T) {
	files := baseTree(t)
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("月份,收入,支出\n一月,100,300\n")
	set(files, "disclosures/fin.csv", gbk)
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
	if ps.HasErrors() {
		t.Fatal(ps)
	}
	if got := pkg.Disclosures[0].Rows[0].Cells[0]; got != "一月" {
		t.Fatalf("cell = %q, want 一月", got)
	}
}

func TestEveryProblemInOnePass(t *testing.T) {
	files := baseTree(t)
	set(files, "media/bad.png", "garbage")
	set(files, "disclosures/fin.csv", "月份,收入,支出\n1月,x,300\n2月,800\n")
	set(files, "stories/tea.md", strings.Replace(okStory, "category: 清廉阵地", "category: 新闻", 1))
	_, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
	if n, _ := ps.Count(); n < 4 {
		t.Fatalf("want at least 4 errors in one pass, got %d:\n%v", n, ps)
	}
}

func TestSymlinkRefused(t *testing.T) {
	files := baseTree(t)
	dir := contenttest.Write(t, t.TempDir(), files)
	secret := filepath.Join(t.TempDir(), "secret.png")
	os.WriteFile(secret, pngBytes(t, 4, 4), 0o644)
	if err := os.Symlink(secret, filepath.Join(dir, "media", "link.png")); err != nil {
		t.Skip("symlinks not supported here:", err)
	}
	_, ps := readDir(t, dir, Options{})
	assertProblem(t, ps, "media/link.png", 0, content.Error, "符号链接")
}

func TestEmptyFolder(t *testing.T) {
	_, ps := readDir(t, t.TempDir(), Options{})
	assertProblem(t, ps, "", 0, content.Error, "空的")
}

func TestZipSlip(t *testing.T) {
	tree := baseTree(t)
	set(tree, "../../evil.sh", "rm -rf /")
	src := OpenZipBytes("p.zip", zipTree(t, tree, ""))
	_, ps := Read(context.Background(), src, Options{})
	assertProblem(t, ps, "../../evil.sh", 0, content.Error, "路径不安全")
	for _, p := range src.Paths() {
		if strings.Contains(p, "..") {
			t.Fatalf("unsafe path listed: %s", p)
		}
	}
}

func TestZipSymlinkRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range baseTree(t).Files {
		w, _ := zw.Create(f.Name)
		w.Write(f.Data)
	}
	h := &zip.FileHeader{Name: "media/link.png"}
	h.SetMode(os.ModeSymlink | 0o777)
	w, _ := zw.CreateHeader(h)
	w.Write([]byte("/etc/passwd"))
	zw.Close()
	_, ps := Read(context.Background(), OpenZipBytes("p.zip", buf.Bytes()), Options{})
	assertProblem(t, ps, "media/link.png", 0, content.Error, "符号链接")
}

func TestTruncatedZip(t *testing.T) {
	data := zipTree(t, baseTree(t), "")
	for _, n := range []int{0, 10, len(data) / 2, len(data) - 10} {
		p := filepath.Join(t.TempDir(), "half.zip")
		os.WriteFile(p, data[:n], 0o644)
		_, ps := readDir(t, p, Options{})
		assertProblem(t, ps, "", 0, content.Error, "压缩包不完整")
	}
}

func TestZipSizeLies(t *testing.T) {
	// A zip whose entry inflates beyond the limit is refused while reading,
	// whatever its header says.
	big := strings.Repeat("清", 400)
	tree := baseTree(t)
	set(tree, "stories/big.md", "---\nid: big\ntitle: 大\ncategory: 清廉阵地\n---\n"+big)
	l := content.DefaultLimits()
	l.MaxTextBytes = 600
	_, ps := Read(context.Background(), OpenZipBytes("p.zip", zipTree(t, tree, "")), Options{Limits: l})
	assertProblem(t, ps, "stories/big.md", 0, content.Error, "文件太大")
}

func TestBareDateExpiresAtEndOfDay(t *testing.T) {
	files := baseTree(t)
	set(files, "package.yaml", okPackageYAML+"publish_at: 2026-01-01\nexpire_at: 2026-01-31\n")
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
	if ps.HasErrors() {
		t.Fatal(ps)
	}
	loc := chinaTime()
	if w := pkg.Window; !w.From.Equal(timeIn(2026, 1, 1, loc)) || !w.Until.Equal(timeIn(2026, 2, 1, loc)) {
		t.Fatalf("window = %v .. %v", w.From, w.Until)
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1,234.50", 1234.5, true}, {"¥300", 300, true}, {"￥300元", 300, true}, {"(120)", -120, true},
		{"（120）", -120, true}, {"-5", -5, true}, {"", math.NaN(), true}, {"-", math.NaN(), true},
		{"1.2.3", 0, false}, {"十", 0, false}, {"1e999", 0, false}, {"NaN", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseAmount(tt.in)
			if ok != tt.ok || (ok && !(got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want))) {
				t.Fatalf("parseAmount(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func xlsxBytes(tb testing.TB, rows [][]string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func timeIn(y, m, d int, loc *time.Location) time.Time {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
}

func TestThumbnailSizes(t *testing.T) {
	tests := []struct{ w, h, tw, th int }{
		{64, 48, 64, 48}, {4000, 3000, 480, 360}, {1280, 720, 480, 270}, {500, 2000, 90, 360}, {3, 1, 3, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d", tt.w, tt.h), func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, tt.w, tt.h))
			for i := range img.Pix {
				img.Pix[i] = 200
				if i%4 == 3 {
					img.Pix[i] = 255
				}
			}
			data, err := thumbnail(img)
			if err != nil {
				t.Fatal(err)
			}
			got, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if b := got.Bounds(); b.Dx() != tt.tw || b.Dy() != tt.th {
				t.Fatalf("thumbnail %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.tw, tt.th)
			}
			// A flat grey picture stays flat grey: the box filter and the
			// bilinear step must not darken or shift it.
			r, g, bl, _ := got.At(tt.tw/2, tt.th/2).RGBA()
			if d := int(r>>8) - 200; d < -3 || d > 3 || g>>8 != r>>8 || bl>>8 != r>>8 {
				t.Fatalf("centre pixel %d,%d,%d, want about 200", r>>8, g>>8, bl>>8)
			}
		})
	}
}

// A character the kiosk's font cannot draw is imported (the package is not
// refused for it) with a warning that names it and its line.
func TestCharactersTheFontLacksAreNamed(t *testing.T) {
	files := baseTree(t)
	set(files, "disclosures/fin.csv", "月份,收入,支出\n1月,100,300\n2月,200,100\n㵘村,1,1\n")
	set(files, "stories/tea.md", strings.Replace(okStory, "\n\n", "\n\n龑字一行\n\n", 1))
	lacks := map[rune]bool{'㵘': true, '龑': true}
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{HasGlyph: func(r rune) bool { return !lacks[r] }})
	if ps.HasErrors() || pkg == nil {
		t.Fatalf("a missing glyph must not stop the import: %v", ps)
	}
	wantNamed(t, ps, map[string]string{"disclosures/fin.csv": "㵘", "stories/tea.md": "龑"}, "”是很少用的字")
	_, ps = readDir(t, contenttest.Write(t, t.TempDir(), baseTree(t)), Options{HasGlyph: func(r rune) bool { return !lacks[r] }})
	for _, p := range ps {
		if strings.Contains(p.Msg, "字体") {
			t.Fatalf("warned about a font glyph in a package that has none missing: %v", p)
		}
	}
}

// An emoji is imported with a warning naming it and its line: the kiosk
// has no font that draws it.
func TestEmojiAreNamed(t *testing.T) {
	files := baseTree(t)
	set(files, "disclosures/fin.csv", "月份,收入,支出\n1月,100,300\n2月👍,200,100\n")
	set(files, "stories/tea.md", strings.Replace(okStory, "\n\n", "\n\n大家都说好😀🎉\n\n", 1))
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{HasGlyph: func(rune) bool { return true }})
	if ps.HasErrors() || pkg == nil {
		t.Fatalf("an emoji must not stop the import: %v", ps)
	}
	wantNamed(t, ps, map[string]string{"disclosures/fin.csv": "👍", "stories/tea.md": "😀🎉"}, "”是表情符号")
}

// wantNamed checks a warning with a line for each file, naming its
// characters in quotes followed by what.
func wantNamed(tb testing.TB, ps content.Problems, want map[string]string, what string) {
	tb.Helper()
	for _, p := range ps {
		if c, ok := want[p.File]; ok && p.Severity == content.Warning && strings.Contains(p.Msg, "“"+c+what) {
			if p.Line == 0 {
				tb.Errorf("%s: the warning has no line", p.File)
			}
			delete(want, p.File)
		}
	}
	if len(want) != 0 {
		tb.Fatalf("no warning naming %v; got %v", want, ps)
	}
}

func TestPuzzleRowsAndCols(t *testing.T) {
	for _, tc := range []struct {
		name       string
		extra      string
		rows, cols int
	}{
		{"left to the exhibit", "", 0, 0},
		{"both given", "rows: 3\ncols: 4\n", 3, 4},
		{"smallest and largest", "rows: 2\ncols: 6\n", 2, 6},
		{"only rows", "rows: 5\n", 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := baseTree(t)
			set(files, "puzzles/fans.yaml", okPuzzle+tc.extra)
			pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
			if len(ps) != 0 {
				t.Fatalf("problems:\n%v", ps)
			}
			if p := pkg.Puzzles[0]; p.Rows != tc.rows || p.Cols != tc.cols {
				t.Errorf("rows×cols = %d×%d, want %d×%d", p.Rows, p.Cols, tc.rows, tc.cols)
			}
		})
	}
}

// Tea sets and puzzles carry their own schedule, read like a story's.
func TestTeaSetAndPuzzleWindows(t *testing.T) {
	files := baseTree(t)
	set(files, "teas/qiwei.yaml", okTeaSet+"publish_at: 2026-02-01\nexpire_at: 2026-02-28\n")
	set(files, "puzzles/fans.yaml", okPuzzle+"expire_at: 2026-03-01\n")
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps)
	}
	loc := chinaTime()
	if w := pkg.TeaSets[0].Window; !w.From.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, loc)) || !w.Until.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, loc)) {
		t.Errorf("tea set window = %+v", w)
	}
	if w := pkg.Puzzles[0].Window; !w.From.IsZero() || !w.Until.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, loc)) {
		t.Errorf("puzzle window = %+v", w)
	}
}
