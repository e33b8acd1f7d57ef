package inbox

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/tools/txtar"

	"qingfeng/content/contenttest"
	"qingfeng/content/store"
)

// The office benchmarks import what a village office makes of a quarter's
// work, two ways: 50 stories with 4 phone photos each (the 200 of
// phonePhotos: 4000×3000, every second one stored sideways) and 10
// finance tables of 1,000 rows. BenchmarkImportOffice has them as staff
// save them: a plain folder of Word documents with the photos inside,
// spreadsheets in the village layout (title, unit and period rows above
// the header, signatures below) with no sidecar. BenchmarkImportOfficeMarkdown
// has the same as a package written by hand: Markdown stories with the
// photos in media/, the tables as CSV with YAML sidecars. Run them in
// turn, each with -benchtime 1x; every run starts with an empty store.

const officeStories, officeTables, officeRows = 50, 10, 1000

// officeText is the paragraphs of story i, the same both ways.
func officeText(i int) []string {
	return []string{
		fmt.Sprintf("第%d户的家风故事：老人们常说，清清白白做人，干干净净做事。", i+1),
		"村里的账本每月公开，大事小情都在公示栏里写得明明白白。",
		"孩子们在院子里听爷爷讲过去的事，一代一代传下来的是规矩，也是念想。",
	}
}

// officeTable is table t: its layout rows, header and rows, as cells.
func officeTable(t int) (title, unit, period string, header []string, rows [][]string) {
	rng := rand.New(rand.NewPCG(uint64(t)+1, 3))
	items := []string{"村道硬化", "路灯维修", "垃圾分类宣传", "老年食堂补贴", "办公用品", "水利设施", "集体房屋租金", "土地流转费"}
	header = []string{"日期", "摘要", "收入", "支出", "经手人"}
	for i := range officeRows {
		rows = append(rows, []string{
			fmt.Sprintf("2026-%02d-%02d", rng.IntN(3)+1, rng.IntN(28)+1),
			fmt.Sprintf("%s第%d笔", items[rng.IntN(len(items))], i+1),
			fmt.Sprintf("%.2f", rng.Float64()*10000),
			fmt.Sprintf("%.2f", rng.Float64()*8000),
			fmt.Sprintf("网格员%d", rng.IntN(50)),
		})
	}
	return fmt.Sprintf("横一村第%d组2026年第一季度财务收支公示", t+1), "横一村股份经济合作社", "2026年第一季度", header, rows
}

func officeXLSX(tb testing.TB, t int) []byte {
	tb.Helper()
	title, unit, period, header, rows := officeTable(t)
	f := excelize.NewFile()
	defer f.Close()
	set := func(r int, cells []string) {
		for c, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	set(1, []string{title})
	f.MergeCell("Sheet1", "A1", "E1")
	set(2, []string{"填报单位：" + unit})
	set(3, []string{"时间：" + period, "", "", "单位：元"})
	set(4, header)
	for i, r := range rows {
		set(5+i, r)
	}
	set(5+len(rows), []string{"制表人：张会计", "", "审核人：李主任"})
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// officeWord writes the plain folder at dir.
func officeWord(tb testing.TB, dir string, photos [][]byte) {
	tb.Helper()
	var files []txtar.File
	for i := range officeStories {
		body := fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>第%d户的家风</w:t></w:r></w:p>`, i+1)
		for _, p := range officeText(i) {
			body += `<w:p><w:r><w:t>` + p + `</w:t></w:r></w:p>`
		}
		var rels strings.Builder
		parts := map[string][]byte{}
		for k := range 4 {
			body += fmt.Sprintf(`<w:p><w:r><w:drawing><a:blip r:embed="rId%d"/></w:drawing></w:r></w:p>`, k+10)
			fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image%d.jpg"/>`, k+10, k+1)
			parts[fmt.Sprintf("word/media/image%d.jpg", k+1)] = photos[4*i+k]
		}
		files = append(files, txtar.File{Name: fmt.Sprintf("故事/家风家训/第%02d户.docx", i+1), Data: contenttest.Docx(tb, body, rels.String(), parts)})
	}
	for t := range officeTables {
		files = append(files, txtar.File{Name: fmt.Sprintf("公示/第%d组收支.xlsx", t+1), Data: officeXLSX(tb, t)})
	}
	contenttest.Write(tb, dir, &txtar.Archive{Files: files})
}

// officeMarkdown writes the same content as a package with YAML at dir.
func officeMarkdown(tb testing.TB, dir string, version int, photos [][]byte) {
	tb.Helper()
	files := []txtar.File{{Name: "package.yaml", Data: []byte(fmt.Sprintf("id: office\ntitle: 村里的材料\nversion: %d\n", version))}}
	for i := range officeStories {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nid: s%02d\ntitle: 第%d户的家风\ncategory: 家风家训\n---\n", i+1, i+1)
		for _, p := range officeText(i) {
			b.WriteString(p + "\n\n")
		}
		for k := range 4 {
			name := fmt.Sprintf("media/s%02d-%d.jpg", i+1, k+1)
			fmt.Fprintf(&b, "![](%s)\n\n", name)
			files = append(files, txtar.File{Name: name, Data: photos[4*i+k]})
		}
		files = append(files, txtar.File{Name: fmt.Sprintf("stories/s%02d.md", i+1), Data: []byte(b.String())})
	}
	for t := range officeTables {
		title, unit, period, header, rows := officeTable(t)
		var b strings.Builder
		b.WriteString(strings.Join(header, ",") + "\n")
		for _, r := range rows {
			b.WriteString(strings.Join(r, ",") + "\n")
		}
		name := fmt.Sprintf("disclosures/t%02d", t+1)
		files = append(files, txtar.File{Name: name + ".csv", Data: []byte(b.String())},
			txtar.File{Name: name + ".yaml", Data: []byte(fmt.Sprintf("title: %s\ncategory: 财务\nperiod: %s\nunit: %s\namount_columns: [收入, 支出]\n", title, period, unit))})
	}
	contenttest.Write(tb, dir, &txtar.Archive{Files: files})
}

func BenchmarkImportOffice(b *testing.B) {
	photos := phonePhotos(b, officeStories*4)
	benchOffice(b, func(dir string, i int) string {
		p := filepath.Join(dir, fmt.Sprintf("村里的材料%d", i+1))
		officeWord(b, p, photos)
		return p
	})
}

func BenchmarkImportOfficeMarkdown(b *testing.B) {
	photos := phonePhotos(b, officeStories*4)
	benchOffice(b, func(dir string, i int) string {
		p := filepath.Join(dir, fmt.Sprintf("v%d", i+1))
		officeMarkdown(b, p, i+1, photos)
		return p
	})
}

// benchOffice imports b.N packages that write makes, into a new store,
// checking each brought all its stories, tables, rows and photos.
func benchOffice(b *testing.B, write func(dir string, i int) string) {
	tmp := b.TempDir()
	var pkgs []string
	for i := range b.N {
		pkgs = append(pkgs, write(tmp, i))
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tmp, "data"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	im := &Importer{Store: st, Site: "qingfeng-cun"}
	im.Options.Site = im.Site
	b.ResetTimer()
	cpu := cpuTime(b)
	for i := range b.N {
		res := im.ImportPath(ctx, pkgs[i])
		if res.Outcome != Imported {
			b.Fatalf("%v %s %v", res.Outcome, res.Reason, res.Problems)
		}
		if c := res.Counts; c.Stories != officeStories || c.Disclosures != officeTables || c.Rows != officeTables*officeRows || c.Images != 4*officeStories {
			b.Fatalf("imported %+v, want %d stories, %d tables of %d rows, %d pictures", c, officeStories, officeTables, officeRows, 4*officeStories)
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuTime(b)-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
