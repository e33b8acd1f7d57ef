package parse

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// The memory test: each hostile package is checked with thumbnails (as an
// import does) in a child process, whose peak RSS must stay under the
// default budget; the package must be refused with a message naming the file
// and the limit, or accepted when it is honest.

const (
	memoryChildEnv = "QINGFENG_MEMORY_CHILD" // the package the child reads
	// The child runs with more workers than this machine may have, as a
	// four-core kiosk would.
	memoryChildProcs = "4"
)

// TestMemoryChild is the child's side of TestMemoryBudget: it does nothing
// unless started by it.
func TestMemoryChild(t *testing.T) {
	p := os.Getenv(memoryChildEnv)
	if p == "" {
		return
	}
	// Guard the shared machine: a child far over budget stops itself
	// rather than take gigabytes (its peak still fails the parent).
	go func() {
		limit := 2 * content.DefaultLimits().MaxMemoryBytes
		for {
			if rss := currentRSS(); rss > limit {
				fmt.Printf("stopped at %d MB\n%s %d\n", rss>>20, peakPrefix, peakRSS())
				os.Exit(3)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	src, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	_, ps := Read(context.Background(), src, Options{Thumbnails: true})
	for _, pr := range ps {
		if pr.Severity == content.Error {
			fmt.Println(pr.String())
		}
	}
	fmt.Printf("%s %d\n", peakPrefix, peakRSS())
}

// peakPrefix starts the child's last line, its peak RSS in bytes. The
// kernel's rusage of a child is no use here: Linux carries the parent's
// high-water mark into a child started by vfork and exec.
const peakPrefix = "peak RSS bytes:"

// peakRSS is this process's high-water RSS (VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(b)) {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(kb), " kB"), 10, 64)
			return n << 10
		}
	}
	return -1
}

func currentRSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(f[1], 10, 64)
	return n * int64(os.Getpagesize())
}

func TestMemoryBudget(t *testing.T) {
	if os.Getenv(memoryChildEnv) != "" {
		return
	}
	budget := content.DefaultLimits().MaxMemoryBytes
	cases := []struct {
		name string
		pkg  func(tb testing.TB, zw *hostileZip)
		// want are the error lines the check must report (substrings);
		// none: the package is honest and must be accepted.
		want []string
	}{
		{name: "large honest pictures, decoded one at a time", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "stories/a.md", []byte("---\nid: a\ntitle: 图\ncategory: 清廉阵地\n---\n正文\n"))
			png := pngBlank(tb, 5000, 5000, 8)
			for i := range 6 {
				zw.add(tb, fmt.Sprintf("media/p%d.png", i), png)
			}
		}},
		{name: "large honest workbook", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/big.xlsx", xlsxParts(tb, func(w io.Writer) {
				for r := 1; r <= 10_000; r++ {
					fmt.Fprintf(w, `<row r="%d">`, r)
					for c := 1; c <= 50; c++ {
						col, _ := excelize.ColumnNumberToName(c)
						if r == 1 {
							fmt.Fprintf(w, `<c r="%s1" t="inlineStr"><is><t>列%d</t></is></c>`, col, c)
						} else {
							fmt.Fprintf(w, `<c r="%s%d"><v>%d</v></c>`, col, r, r*c)
						}
					}
					io.WriteString(w, `</row>`)
				}
			}, nil))
		}},
		{name: "workbook at the shared string limit", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/sst.xlsx", xlsxSharedStrings(tb, 160_000))
		}},
		{name: "large honest audio, several at once", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "stories/a.md", []byte("---\nid: a\ntitle: 声\ncategory: 清廉阵地\n---\n正文\n"))
			mp3 := mp3Bytes(tb, (50<<20)/417-1, true)
			for i := range 8 {
				zw.add(tb, fmt.Sprintf("media/a%d.mp3", i), mp3)
			}
		}},
		{name: "Ogg Vorbis with millions of empty tags", pkg: func(tb testing.TB, zw *hostileZip) {
			ogg := vorbisWith(tb, vorbisComment(10<<20, 10<<20), nil)
			for i := range 4 {
				zw.add(tb, fmt.Sprintf("media/a%d.ogg", i), ogg)
			}
		}, want: []string{"media/a0.ogg", "附加信息"}},
		{name: "xlsx whose styles part is millions of elements", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/styles.xlsx", xlsxWithStyles(tb, 1_300_000))
		}, want: []string{"disclosures/styles.xlsx", "xl/styles.xml"}},
		{name: "xlsx of 370,000 parts", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/parts.xlsx", xlsxManyEntries(tb, 370_000))
		}, want: []string{"disclosures/parts.xlsx", "个部分"}},
		{name: "long stories", pkg: func(tb testing.TB, zw *hostileZip) {
			body := []byte("---\nid: s\ntitle: 长\ncategory: 清廉阵地\n---\n" + strings.Repeat("清风廉洁", (4<<20)/12-100))
			for i := range 300 {
				zw.add(tb, fmt.Sprintf("stories/s%03d.md", i), body)
			}
		}, want: []string{"stories/s", "文字总量超过"}},
		{name: "story of a million list items", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "stories/list.md", []byte("---\nid: s\ntitle: 列表\ncategory: 清廉阵地\n---\n"+strings.Repeat("- a\n", (4<<20)/4-100)))
		}, want: []string{"stories/list.md:6", "超过256 KB的上限"}},
		{name: "stories of the parser's worst shapes, each within the limit", pkg: func(tb testing.TB, zw *hostileZip) {
			for i, shape := range []string{"- a\n", "[", "*a* ", "<b>x</b> ", "[x](y) "} {
				body := strings.Repeat(shape, (256<<10)/len(shape)-16)
				zw.add(tb, fmt.Sprintf("stories/s%d.md", i), []byte(fmt.Sprintf("---\nid: s%d\ntitle: 形\ncategory: 清廉阵地\n---\n%s", i, body)))
			}
		}},
		{name: "csv of commas", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/wide.csv", bytes.Repeat([]byte("1,"), 2<<20-10))
		}, want: []string{"disclosures/wide.csv:1", "列的上限"}},
		{name: "yaml of tiny items", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "quizzes/q.yaml", []byte("id: q\ntitle: t\nquestions: ["+strings.Repeat("a,", 2<<20-20)+"]\n"))
		}, want: []string{"quizzes/q.yaml", "超过256 KB的上限"}},
		{name: "yaml of tiny items within the size limit", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "quizzes/q.yaml", []byte("id: q\ntitle: t\nquestions: ["+strings.Repeat("a,", 128<<10-20)+"]\n"))
		}, want: []string{"quizzes/q.yaml:3", "第1题应为"}},
		{name: "csv of many rows", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/long.csv", []byte("项目\n"+strings.Repeat("1\n", 2<<20-10)))
		}, want: []string{"disclosures/long.csv:50002", "超过50000行的上限"}},
		{name: "xlsx rows reaching XFD", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/wide.xlsx", xlsxWide(tb, 50_000))
		}, want: []string{"disclosures/wide.xlsx:2", "列的上限"}},
		{name: "quiz sheet of many rows", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "quizzes/q.csv", []byte("题目,A,B,C,D,答案,解析\n"+strings.Repeat("问,甲,乙,,,A,\n", 200_000)))
		}, want: []string{"quizzes/q.csv:50002", "超过50000道题的上限"}},
		{name: "xlsx with a million merged ranges over its title row", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/merged.xlsx", xlsxParts(tb, func(w io.Writer) {
				io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>村财务公示</t></is></c></row>`+
					`<row r="2"><c r="A2" t="inlineStr"><is><t>项目</t></is></c><c r="B2" t="inlineStr"><is><t>金额</t></is></c></row>`+
					`<row r="3"><c r="A3" t="inlineStr"><is><t>租金</t></is></c><c r="B3"><v>100</v></c></row></sheetData><mergeCells>`)
				for range 1_000_000 {
					io.WriteString(w, `<mergeCell ref="A1:B1"/>`)
				}
				io.WriteString(w, `</mergeCells><sheetData>`)
			}, nil))
		}},
		{name: "xlsx with millions of shared strings", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "disclosures/sst.xlsx", xlsxSharedStrings(tb, 3_000_000))
		}, want: []string{"disclosures/sst.xlsx", "共享文字"}},
		{name: "a district's pack of 100,000 replies", pkg: func(tb testing.TB, zw *hostileZip) {
			var b bytes.Buffer
			b.WriteString("回执号,办理状态,类别,收到日期,转交日期,承办单位,答复日期,答复内容,是否公开,意见内容\n")
			a := content.ReceiptAlphabet
			for i := range 100_000 {
				fmt.Fprintf(&b, "%c%c%c%c-Q9XP,已答复,意见建议,2026-11-03,2026-11-04,镇交通办,2026-11-10,您反映的第%d号问题已转交镇交通办处理，已于本月修复，感谢您的监督。,是,村口路灯坏了两个月，晚上出行不便，请尽快修理。\n",
					a[i%31], a[i/31%31], a[i/961%31], a[i/29791%31], i)
			}
			zw.add(tb, "replies.csv", b.Bytes())
		}},
		{name: "replies.csv of one endless quoted cell", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "replies.csv", []byte("回执号,办理状态,类别,收到日期,转交日期,承办单位,答复日期,答复内容,是否公开,意见内容\n"+
				`K7M2-Q9XP,已答复,意见建议,2026-11-03,,,2026-11-10,"`+strings.Repeat("答复", 20<<20)))
		}, want: []string{"replies.csv:2", "超过64 KB"}},
		{name: "replies.csv larger than the decode budget", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "replies.csv", bytes.Repeat([]byte("K7M2-Q9XP,已收到,咨询,2026-11-03,,,,,否,\n"), 3_000_000))
		}, want: []string{"replies.csv", "文件太大"}},
		{name: "16-bit PNGs", pkg: func(tb testing.TB, zw *hostileZip) {
			png := pngBlank(tb, 6000, 6000, 16)
			for i := range 4 {
				zw.add(tb, fmt.Sprintf("media/p%d.png", i), png)
			}
		}, want: []string{"media/p0.png", "内存"}},
		{name: "35-megapixel phone photos stored sideways, turned and reduced", pkg: func(tb testing.TB, zw *hostileZip) {
			jpg := withEXIF(tb, image.NewYCbCr(image.Rect(0, 0, 7000, 5000), image.YCbCrSubsampleRatio420), 6, binary.BigEndian)
			for i := range 6 {
				zw.add(tb, fmt.Sprintf("media/photo%d.jpg", i), jpg)
			}
			zw.add(tb, "stories/s.md", []byte("---\nid: s\ntitle: 照片\ncategory: 清廉阵地\ncover: media/photo0.jpg\n---\n正文\n"))
		}},
		{name: "progressive CMYK JPEGs", pkg: func(tb testing.TB, zw *hostileZip) {
			jpg := contenttest.ProgressiveCMYK(tb, 6400, 6000)
			for i := range 4 {
				zw.add(tb, fmt.Sprintf("media/j%d.jpg", i), jpg)
			}
		}, want: []string{"media/j0.jpg", "内存"}},
		{name: "Word stories with thousands of pictures", pkg: func(tb testing.TB, zw *hostileZip) {
			doc := docxPictures(tb, 100, pngBytes(tb, 64, 48))
			for i := range 30 {
				zw.add(tb, fmt.Sprintf("stories/w%d.docx", i), doc)
			}
		}},
		{name: "Word pictures past the file limit", pkg: func(tb testing.TB, zw *hostileZip) {
			doc := docxPictures(tb, 100, pngBytes(tb, 64, 48))
			for i := range 60 {
				zw.add(tb, fmt.Sprintf("stories/w%d.docx", i), doc)
			}
		}, want: []string{"stories/w9.docx", "上限"}},
		{name: "Word stories with large pictures, decoded one at a time", pkg: func(tb testing.TB, zw *hostileZip) {
			doc := docxPictures(tb, 3, pngBlank(tb, 5000, 5000, 8))
			for i := range 2 {
				zw.add(tb, fmt.Sprintf("stories/w%d.docx", i), doc)
			}
		}},
		{name: "a Word document.xml that inflates past what it claims", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "stories/bomb.docx", docxLyingBomb(tb, 256<<20))
		}, want: []string{"stories/bomb.docx", "损坏"}},
		{name: "Word stories whose first heading is megabytes long", pkg: func(tb testing.TB, zw *hostileZip) {
			// A few kilobytes each: the title is the whole first heading.
			doc := docxOf(tb, `<w:p><w:r><w:t>分类：家风家训</w:t></w:r></w:p><w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>`+
				strings.Repeat("清风", 1<<20)+`</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p>`, "", nil)
			for i := range 120 {
				zw.add(tb, fmt.Sprintf("stories/w%d.docx", i), doc)
			}
		}, want: []string{"stories/w0.docx", "标题"}},
		{name: "Word stories whose category line is megabytes long", pkg: func(tb testing.TB, zw *hostileZip) {
			doc := docxOf(tb, `<w:p><w:r><w:t>分类：`+strings.Repeat("清风", 1<<20)+`</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p>`, "", nil)
			for i := range 120 {
				zw.add(tb, fmt.Sprintf("stories/w%d.docx", i), doc)
			}
		}, want: []string{"stories/w0.docx", "分类"}},
		{name: "Notepad stories whose category line is megabytes long", pkg: func(tb testing.TB, zw *hostileZip) {
			txt := []byte("分类：" + strings.Repeat("清风", (4<<20)/6-10) + "\n正文\n")
			for i := range 300 {
				zw.add(tb, fmt.Sprintf("stories/t%03d.txt", i), txt)
			}
		}, want: []string{"stories/t000.txt:1", "分类"}},
		{name: "a deeply nested Word document", pkg: func(tb testing.TB, zw *hostileZip) {
			zw.add(tb, "stories/deep.docx", docxOf(tb, strings.Repeat("<w:sdt>", 1_000_000), "", nil))
		}, want: []string{"stories/deep.docx", "层"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "hostile.zip")
			zw := newHostileZip(t, p)
			zw.add(t, "package.yaml", []byte(okPackageYAML))
			tc.pkg(t, zw)
			zw.close(t)

			cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), memoryChildEnv+"="+p, "GOMAXPROCS="+memoryChildProcs)
			out, err := cmd.CombinedOutput()
			peak := int64(-1)
			if i := bytes.LastIndex(out, []byte(peakPrefix)); i >= 0 {
				line, _, _ := strings.Cut(string(out[i+len(peakPrefix):]), "\n")
				peak, _ = strconv.ParseInt(strings.TrimSpace(line), 10, 64)
			}
			said := out
			if len(said) > 2000 {
				said = append(said[:2000:2000], "…"...)
			}
			t.Logf("peak RSS %d MB (budget %d MB); child said:\n%s", peak>>20, budget>>20, said)
			if err != nil {
				t.Fatalf("child failed: %v", err)
			}
			if peak <= 0 || peak > budget {
				t.Errorf("peak RSS %d MB over the %d MB budget", peak>>20, budget>>20)
			}
			if len(tc.want) == 0 && bytes.Contains(out, []byte("错误")) {
				t.Errorf("an honest package was refused")
			}
			for _, w := range tc.want {
				if !bytes.Contains(out, []byte(w)) {
					t.Errorf("no error containing %q", w)
				}
			}
		})
	}
}

// hostileZip writes a package zip to disk. Entries with the same content
// are compressed once, so a gigabyte of text costs the test little.
type hostileZip struct {
	f     *os.File
	zw    *zip.Writer
	cache map[*byte]raw
}

type raw struct {
	data []byte
	crc  uint32
	size uint64
}

func newHostileZip(tb testing.TB, p string) *hostileZip {
	tb.Helper()
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	return &hostileZip{f: f, zw: zip.NewWriter(f), cache: map[*byte]raw{}}
}

func (z *hostileZip) add(tb testing.TB, name string, data []byte) {
	tb.Helper()
	r, ok := z.cache[&data[0]]
	if !ok {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
		fw.Write(data)
		fw.Close()
		r = raw{data: buf.Bytes(), crc: crc32.ChecksumIEEE(data), size: uint64(len(data))}
		z.cache[&data[0]] = r
	}
	w, err := z.zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: r.crc,
		CompressedSize64: uint64(len(r.data)), UncompressedSize64: r.size})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := w.Write(r.data); err != nil {
		tb.Fatal(err)
	}
}

func (z *hostileZip) close(tb testing.TB) {
	tb.Helper()
	if err := z.zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := z.f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// xlsxParts writes a one-sheet workbook from its sheet XML and, if not
// empty, its shared strings XML.
func xlsxParts(tb testing.TB, sheet, shared func(w io.Writer)) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, write func(w io.Writer)) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		bw := bufio.NewWriter(w)
		write(bw)
		bw.Flush()
	}
	str := func(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }
	types := `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if shared != nil {
		types += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	put("[Content_Types].xml", str(types+`</Types>`))
	put("_rels/.rels", str(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	put("xl/workbook.xml", str(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	put("xl/_rels/workbook.xml.rels", str(rels+`</Relationships>`))
	put("xl/worksheets/sheet1.xml", func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		sheet(w)
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	if shared != nil {
		put("xl/sharedStrings.xml", shared)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// xlsxWide is a header row and n rows whose one cell is in the last
// column Excel has (XFD), as a careless drag or a script can leave.
func xlsxWide(tb testing.TB, n int) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1"><c r="A1" t="inlineStr"><is><t>项目</t></is></c></row>`)
		for r := 2; r <= n+1; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
		}
	}, nil)
}

// xlsxSharedStrings is a small sheet with a shared string table of n
// entries.
func xlsxSharedStrings(tb testing.TB, n int) []byte {
	return xlsxParts(tb, func(w io.Writer) {
		io.WriteString(w, `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>`)
	}, func(w io.Writer) {
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, n, n)
		for i := range n {
			fmt.Fprintf(w, `<si><t>%d</t></si>`, i)
		}
		io.WriteString(w, `</sst>`)
	})
}

// pngBlank is a w×h PNG of RGBA with depth bits a channel (8 or 16), all
// black: a small file that decodes to 4 or 8 bytes a pixel.
func pngBlank(tb testing.TB, w, h, depth int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&buf, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		io.WriteString(crc, typ)
		crc.Write(data)
		buf.WriteString(typ)
		buf.Write(data)
		binary.Write(&buf, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = byte(depth), 6 // bit depth, colour type RGBA
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := make([]byte, 1+depth/2*w) // filter byte 0, then black pixels
	for range h {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return buf.Bytes()
}
