package template_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingfeng/content"
	"qingfeng/content/parse"
	"qingfeng/content/template"
)

// The template is read back by the package reader as a clerk's copy would
// be: no problem at all, and each sample turns into what its file says.
func TestTemplateReadsBackAsWritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "石里村内容")
	if err := template.Write(dir, template.Categories{}); err != nil {
		t.Fatal(err)
	}
	src, err := parse.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pkg, ps := parse.Read(context.Background(), src, parse.Options{Thumbnails: true})
	if len(ps) != 0 {
		t.Fatalf("the template has problems:\n%v", ps)
	}
	if len(pkg.Stories) != 1 || len(pkg.Disclosures) != 2 || len(pkg.Quizzes) != 1 {
		t.Fatalf("read %d stories, %d disclosures, %d quizzes; want 1, 2, 1", len(pkg.Stories), len(pkg.Disclosures), len(pkg.Quizzes))
	}
	s := pkg.Stories[0]
	if s.Title != "茶馆里的一本明白账" || s.Category != "家风家训" || s.Cover == "" {
		t.Errorf("story: title %q, category %q, cover %q", s.Title, s.Category, s.Cover)
	}
	if !strings.HasPrefix(s.Summary, "村口的老茶馆每天早上都坐满了人") {
		t.Errorf("story summary %q, want the start of its first paragraph", s.Summary)
	}
	if !strings.Contains(s.Body, "账目摆在明处") || !strings.Contains(s.Body, "工程项目的进度和花费") {
		t.Errorf("story body lost its paragraphs or list:\n%s", s.Body)
	}
	byTitle := map[string]content.Disclosure{}
	for _, d := range pkg.Disclosures {
		byTitle[d.Title] = d
	}
	fin, ok := byTitle["石里村2026年第一季度财务收支公示"]
	if !ok {
		t.Fatalf("no finance table by its title row; titles: %v", slices.Collect(func(yield func(string) bool) {
			for k := range byTitle {
				yield(k)
			}
		}))
	}
	if fin.Category != "财务" || fin.Unit != "石里村村务监督委员会" || !strings.Contains(fin.Period, "2026年第一季度") {
		t.Errorf("finance: category %q, unit %q, period %q", fin.Category, fin.Unit, fin.Period)
	}
	var amounts []string
	for _, i := range fin.AmountColumns {
		amounts = append(amounts, fin.Header[i])
	}
	if !slices.Equal(amounts, []string{"收入（元）", "支出（元）"}) || len(fin.Rows) != 5 {
		t.Errorf("finance: amount columns %v (want 收入（元）, 支出（元）), %d rows", amounts, len(fin.Rows))
	}
	if menu, ok := byTitle["石里村老年食堂本周菜单"]; !ok || menu.Category != "食堂" || len(menu.Rows) != 5 {
		t.Errorf("menu: found %v, category %q, %d rows", ok, menu.Category, len(menu.Rows))
	}
	q := pkg.Quizzes[0]
	if len(q.Questions) != 3 || q.Questions[0].Answer != 0 || len(q.Questions[0].Choices) != 3 {
		t.Errorf("quiz: %+v", q.Questions)
	}
}

// 说明.txt opens in old Notepad: a byte order mark and CRLF throughout.
func TestReadmeIsForNotepad(t *testing.T) {
	dir := t.TempDir()
	if err := template.Write(dir, template.Categories{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, template.ReadmeFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Error("no UTF-8 byte order mark")
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n == 0 || n != crlf {
		t.Errorf("%d line ends, %d of them CRLF", n, crlf)
	}
}

// The finance sheet is laid out as village forms are: the title merged
// across the table, the unit and period under it, money as numbers.
func TestFinanceSheetLayout(t *testing.T) {
	dir := t.TempDir()
	if err := template.Write(dir, template.Categories{}); err != nil {
		t.Fatal(err)
	}
	_, finance, _ := template.Categories{}.Files()
	x, err := excelize.OpenFile(filepath.Join(dir, filepath.FromSlash(finance)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	merged, err := x.GetMergeCells("Sheet1")
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "E1" {
		t.Fatalf("merged cells %v (%v), want A1:E1", merged, err)
	}
	if v, _ := x.GetCellValue("Sheet1", "A2"); !strings.HasPrefix(v, "填报单位：") {
		t.Errorf("A2 is %q", v)
	}
	if typ, _ := x.GetCellType("Sheet1", "C5"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("C5 holds the amount as text (%v)", typ)
	}
}

// A template never writes over files someone already has there.
func TestTemplateKeepsExistingFiles(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "我的故事.docx")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := template.Write(dir, template.Categories{}); !errors.Is(err, template.ErrNotEmpty) {
		t.Fatalf("Write into a folder with a file: %v, want ErrNotEmpty", err)
	}
	if b, _ := os.ReadFile(mine); string(b) != "mine" {
		t.Fatal("the file already there was changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d entries in the folder, want only the file that was there", len(entries))
	}
}

// A district with its own categories gets a template in folders it has:
// the story in its first story category, both sheets in its one
// disclosure category; read with those categories it is clean.
func TestTemplateTakesTheDistrictsCategories(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "内容")
	cats := template.Categories{Stories: []string{"村史", "好人好事"}, Disclosures: []string{"村务"}}
	if err := template.Write(dir, cats); err != nil {
		t.Fatal(err)
	}
	src, err := parse.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pkg, ps := parse.Read(context.Background(), src, parse.Options{StoryCategories: cats.Stories, DisclosureCategories: cats.Disclosures})
	if len(ps) != 0 {
		t.Fatalf("the template with the district's categories has problems:\n%v", ps)
	}
	if pkg.Stories[0].Category != "村史" || pkg.Disclosures[0].Category != "村务" || pkg.Disclosures[1].Category != "村务" {
		t.Errorf("categories: story %q, tables %q and %q", pkg.Stories[0].Category, pkg.Disclosures[0].Category, pkg.Disclosures[1].Category)
	}
}
