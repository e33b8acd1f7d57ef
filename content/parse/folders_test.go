package parse

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

// plainTree is a package as a clerk makes it: no package.yaml, Chinese
// folder names, categories as sub-folders, a story without a category line.
const plainTree = `-- 故事/家风家训/老支书.md --
---
id: lao-zhishu
title: 老支书的账本
---
老支书记了三十年的账。
-- 公示/财务/一季度收支.csv --
月份,收入,支出
1月,"1,200.50",300
-- 公示/一季度收支.yaml --
title: 不会用到
-- 答题/q.yaml --
id: q1
title: 答题
questions:
  - q: 智慧印章覆盖多少村社？
    choices: ["558", "100"]
    answer: A
`

// plainDir writes tree as a folder called name and returns its path.
func plainDir(tb testing.TB, name, tree string) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	a := txtar.Parse([]byte(tree))
	a.Files = append(a.Files, txtar.File{Name: "图片/茶馆.png", Data: pngBytes(tb, 32, 24)})
	return contenttest.Write(tb, dir, a)
}

// A folder without package.yaml is a package: its id from the site and
// the folder's name, its title the folder's name, Chinese folder names
// read as the English ones, a sub-folder of 故事/ or 公示/ its category.
func TestPlainFolderIsAPackage(t *testing.T) {
	dir := plainDir(t, "清风村三月公示", plainTree)
	pkg, ps := readDir(t, dir, Options{Site: "qingfeng-cun"})
	if ps.HasErrors() || pkg == nil {
		t.Fatalf("problems: %v", ps)
	}
	if !pkg.Plain || pkg.Version != 0 || pkg.Digest == "" {
		t.Errorf("plain %v, version %d, digest %q: want a plain package the store numbers", pkg.Plain, pkg.Version, pkg.Digest)
	}
	if pkg.Title != "清风村三月公示" {
		t.Errorf("title %q", pkg.Title)
	}
	if want := PlainID("qingfeng-cun", "清风村三月公示"); pkg.ID != want || !strings.HasPrefix(pkg.ID, "qingfeng-cun-") {
		t.Errorf("id %q, want %q", pkg.ID, want)
	}
	if len(pkg.Stories) != 1 || pkg.Stories[0].Category != "家风家训" {
		t.Fatalf("stories %+v", pkg.Stories)
	}
	if len(pkg.Disclosures) != 1 || pkg.Disclosures[0].Category != "财务" || pkg.Disclosures[0].ID != "一季度收支" {
		t.Fatalf("disclosures %+v", pkg.Disclosures)
	}
	if len(pkg.Quizzes) != 1 || len(pkg.Media) != 1 || pkg.Media[0].Path != "图片/茶馆.png" {
		t.Fatalf("quizzes %d, media %+v", len(pkg.Quizzes), pkg.Media)
	}
	// The sidecar beside the sub-folder names another table: ignored.
	assertProblem(t, ps, "公示/一季度收支.yaml", 0, content.Warning, "找不到与这个说明文件同名的表格")
}

// The same folder gives the same digest; a changed story another; a file
// nobody reads (a new Thumbs.db) none.
func TestPlainDigest(t *testing.T) {
	digest := func(tb testing.TB, dir string) string {
		tb.Helper()
		pkg, ps := readDir(tb, dir, Options{})
		if ps.HasErrors() {
			tb.Fatalf("problems: %v", ps)
		}
		return pkg.Digest
	}
	dir := plainDir(t, "三月", plainTree)
	first := digest(t, dir)
	if again := digest(t, plainDir(t, "三月", plainTree)); again != first {
		t.Errorf("the same folder again: digest %s, then %s", first, again)
	}
	if err := os.WriteFile(filepath.Join(dir, "Thumbs.db"), []byte("junk"), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := digest(t, dir); d != first {
		t.Errorf("Thumbs.db changed the digest")
	}
	story := filepath.Join(dir, "故事", "家风家训", "老支书.md")
	data, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(story, append(data, "又记了一笔。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := digest(t, dir); d == first {
		t.Errorf("a changed story left the digest as it was")
	}
}

func TestPlainID(t *testing.T) {
	long := strings.Repeat("a", 70)
	cases := []struct {
		name, site, folder string
		prefix             string
	}{
		{"chinese name", "village-a", "三月公示", "village-a-"},
		{"latin letters kept", "village-a", "2026 Spring 公示", "village-a-2026-spring-"},
		{"no site", "", "三月公示", checkSite + "-"},
		{"invalid site", "Village A", "三月公示", checkSite + "-"},
		{"long site and name", long[:60], long, long[:55]},
		{"punctuation only", "v", "——", "v-"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := PlainID(tc.site, tc.folder)
			if !ValidID(id) {
				t.Fatalf("PlainID(%q, %q) = %q, not a valid id", tc.site, tc.folder, id)
			}
			if !strings.HasPrefix(id, tc.prefix) {
				t.Errorf("PlainID(%q, %q) = %q, want it to start with %q", tc.site, tc.folder, id, tc.prefix)
			}
			if again := PlainID(tc.site, tc.folder); again != id {
				t.Errorf("not stable: %q then %q", id, again)
			}
		})
	}
	if PlainID("v", "三月公示") == PlainID("v", "四月公示") {
		t.Error("names that differ only in Chinese give the same id")
	}
}

// Categories come from the options (the kiosk's config); a sub-folder or
// a category: line naming another is refused with the list.
func TestConfiguredCategories(t *testing.T) {
	own := Options{StoryCategories: []string{"村史", "好人好事"}, DisclosureCategories: []string{"村务", "其他"}}
	cases := []struct {
		name       string
		opts       Options
		tree       string
		file, want string
	}{
		{"sub-folder not configured", own, "-- 故事/家风家训/a.md --\n---\nid: a\ntitle: 甲\n---\n正文\n-- 故事/家风家训/b.md --\nx\n",
			"故事/家风家训/a.md", "只能是：“村史”、“好人好事”"},
		{"category line not configured", own, "-- stories/a.md --\n---\nid: a\ntitle: 甲\ncategory: 清廉阵地\n---\n正文\n",
			"stories/a.md", "只能是：“村史”、“好人好事”"},
		{"disclosure sub-folder not configured", own, "-- 公示/财务/a.csv --\n项目,金额\n甲,1\n",
			"公示/财务/a.csv", "只能是：“村务”、“其他”"},
		{"sidecar category not configured", own, "-- disclosures/a.csv --\n项目,金额\n甲,1\n-- disclosures/a.yaml --\ncategory: 财务\n",
			"disclosures/a.yaml", "只能是：“村务”、“其他”"},
		{"defaults without config", Options{}, "-- 故事/村史/a.md --\n---\nid: a\ntitle: 甲\n---\n正文\n",
			"故事/村史/a.md", "只能是：“廉史人物”"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := readDir(t, plainDir(t, "包", tc.tree), tc.opts)
			n := 0
			for _, p := range ps {
				if strings.Contains(p.Msg, "只能是") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d messages about the category, want one:\n%v", n, ps)
			}
			for _, p := range ps {
				if p.File == tc.file && p.Severity == content.Error && strings.Contains(p.Msg, tc.want) {
					return
				}
			}
			t.Fatalf("want an error at %s containing %q; got:\n%v", tc.file, tc.want, ps)
		})
	}
	t.Run("a table named nothing takes the last configured without 其他", func(t *testing.T) {
		opts := Options{DisclosureCategories: []string{"村务", "杂项"}}
		pkg, ps := readDir(t, plainDir(t, "包", "-- 公示/c.csv --\n项目,金额\n甲,1\n"), opts)
		if ps.HasErrors() || pkg.Disclosures[0].Category != "杂项" {
			t.Fatalf("category %q, problems %v", pkg.Disclosures[0].Category, ps)
		}
	})
	t.Run("a title's words name only a configured category", func(t *testing.T) {
		opts := Options{DisclosureCategories: []string{"村务", "杂项"}}
		pkg, ps := readDir(t, plainDir(t, "包", "-- 公示/食堂菜单.csv --\n菜名,单价\n青菜,3\n"), opts)
		if ps.HasErrors() || pkg.Disclosures[0].Category != "杂项" {
			t.Fatalf("category %q, problems %v", pkg.Disclosures[0].Category, ps)
		}
	})
	t.Run("text and Markdown stories take the folder's category", func(t *testing.T) {
		pkg, ps := readDir(t, plainDir(t, "包", "-- 故事/村史/a.txt --\n老街\n\n老街的故事。\n"+
			"-- 故事/村史/b.md --\n---\nid: b\ntitle: 乙\ncategory: 好人好事\n---\n正文\n"+
			"-- 故事/c.txt --\n分类：好人好事\n送水\n\n送水的故事。\n"), own)
		if ps.HasErrors() || len(pkg.Stories) != 3 {
			t.Fatalf("stories %d, problems %v", len(pkg.Stories), ps)
		}
		got := map[string]string{}
		for _, s := range pkg.Stories {
			got[s.File] = s.Category
		}
		if got["故事/村史/a.txt"] != "村史" || got["故事/村史/b.md"] != "村史" || got["故事/c.txt"] != "好人好事" {
			t.Errorf("categories %v", got)
		}
		assertProblem(t, ps, "故事/村史/b.md", 4, content.Warning, "按文件夹算作“村史”")
	})
	t.Run("configured ones pass", func(t *testing.T) {
		pkg, ps := readDir(t, plainDir(t, "包", "-- 故事/好人好事/a.md --\n---\nid: a\ntitle: 甲\n---\n正文\n"+
			"-- stories/b.md --\n---\nid: b\ntitle: 乙\ncategory: 村史\n---\n正文\n-- 公示/村务/c.csv --\n项目,金额\n甲,1\n"), own)
		if ps.HasErrors() {
			t.Fatalf("problems: %v", ps)
		}
		got := []string{pkg.Stories[0].Category, pkg.Stories[1].Category, pkg.Disclosures[0].Category}
		if strings.Join(got, ",") != "村史,好人好事,村务" {
			t.Errorf("categories %v", got)
		}
	})
}

// What Windows, macOS and office programs leave behind is passed over
// without a word: a clerk cannot do anything about it.
func TestDebrisIgnoredSilently(t *testing.T) {
	tree := plainTree + `-- Thumbs.db --
x
-- 图片/Thumbs.db --
x
-- desktop.ini --
x
-- .DS_Store --
x
-- 故事/._老支书.md --
x
-- __MACOSX/故事/x.md --
x
-- 公示/~$一季度收支.xlsx --
x
-- 故事/~WRL0001.tmp --
x
-- 故事/.~lock.老支书.docx# --
x
`
	for _, zipped := range []bool{false, true} {
		name := "folder"
		if zipped {
			name = "zip"
		}
		t.Run(name, func(t *testing.T) {
			dir := plainDir(t, "三月", tree)
			var pkg *content.Package
			var ps content.Problems
			if zipped {
				a := txtar.Parse([]byte(tree))
				a.Files = append(a.Files, txtar.File{Name: "图片/茶馆.png", Data: pngBytes(t, 32, 24)})
				pkg, ps = Read(context.Background(), OpenZipBytes("三月.zip", zipTree(t, a, "三月/")), Options{})
			} else {
				pkg, ps = readDir(t, dir, Options{})
			}
			if ps.HasErrors() || pkg == nil {
				t.Fatalf("problems: %v", ps)
			}
			for _, p := range ps {
				if p.File != "公示/一季度收支.yaml" && p.File != "公示/财务/一季度收支.csv" {
					t.Errorf("a word about debris: %v", p)
				}
			}
			if pkg.Title != "三月" {
				t.Errorf("title %q, want the folder's name", pkg.Title)
			}
		})
	}
}

// "package.yaml.txt", "故事.md.txt" and the like, which Notepad makes and
// Windows shows without the .txt, are read as meant, each with a hint.
func TestTxtSuffixRecognised(t *testing.T) {
	dir := plainDir(t, "三月", `-- package.yaml.txt --
id: sanyue
title: 三月
version: 2
-- stories/茶馆.md.txt --
---
id: tea
title: 茶馆
category: 清廉阵地
---
正文
-- 公示/收支.csv.txt --
项目,金额
甲,1
-- 公示/收支.yaml.txt --
title: 三月收支
`)
	pkg, ps := readDir(t, dir, Options{})
	if ps.HasErrors() || pkg == nil {
		t.Fatalf("problems: %v", ps)
	}
	if pkg.Plain || pkg.ID != "sanyue" || pkg.Version != 2 {
		t.Errorf("package.yaml.txt not read: %+v", pkg)
	}
	if len(pkg.Stories) != 1 || len(pkg.Disclosures) != 1 || pkg.Disclosures[0].Title != "三月收支" || pkg.Disclosures[0].ID != "收支" {
		t.Fatalf("stories %d, disclosures %+v", len(pkg.Stories), pkg.Disclosures)
	}
	for _, f := range []string{"package.yaml.txt", "stories/茶馆.md.txt", "公示/收支.csv.txt", "公示/收支.yaml.txt"} {
		assertProblem(t, ps, f, 0, content.Warning, "多了“.txt”")
	}
}

// A zip of a plain folder takes the folder's name; a zip of the package's
// own folders takes the zip's name.
func TestPlainZipName(t *testing.T) {
	a := txtar.Parse([]byte(plainTree))
	cases := []struct{ name, zip, prefix, title string }{
		{"folder inside", "打包.zip", "四月公示/", "四月公示"},
		{"folders at the top", "四月公示.zip", "", "四月公示"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pkg, ps := Read(context.Background(), OpenZipBytes(tc.zip, zipTree(t, a, tc.prefix)), Options{})
			if ps.HasErrors() {
				t.Fatalf("problems: %v", ps)
			}
			if pkg.Title != tc.title {
				t.Errorf("title %q, want %q", pkg.Title, tc.title)
			}
		})
	}
	t.Run("only 故事 inside", func(t *testing.T) {
		one := txtar.Parse([]byte("-- 故事/a.md --\n---\nid: a\ntitle: 甲\ncategory: 家风家训\n---\n正文\n"))
		pkg, ps := Read(context.Background(), OpenZipBytes("五月.zip", zipTree(t, one, "")), Options{})
		if ps.HasErrors() || pkg.Title != "五月" || len(pkg.Stories) != 1 {
			t.Fatalf("title %q, stories %d, problems %v", pkg.Title, len(pkg.Stories), ps)
		}
	})
}

// A plain folder cannot be signed: the signature names a version, which
// only package.yaml gives. qingfeng sign reads with Unsigned.
func TestPlainFolderIsNotSigned(t *testing.T) {
	_, ps := readDir(t, plainDir(t, "三月", plainTree), Options{Unsigned: true})
	assertProblem(t, ps, "package.yaml", 0, content.Error, "签过名的内容包必须有 package.yaml")
}

// "qingfeng check ." inside the folder takes the folder's name, not ".".
func TestPlainFolderOpenedAsDot(t *testing.T) {
	dir := plainDir(t, "三月", plainTree)
	t.Chdir(dir)
	pkg, ps := readDir(t, ".", Options{})
	if ps.HasErrors() || pkg.Title != "三月" || pkg.ID != PlainID("", "三月") {
		t.Fatalf("title %q id %q, problems %v", pkg.Title, pkg.ID, ps)
	}
}

// The example in docs/content-format.md.
func TestPlainIDDocumented(t *testing.T) {
	if got := PlainID("qingfeng-cun", "清风村三月公示"); got != "qingfeng-cun-46b79b30" {
		t.Errorf("got %q: the documented example changed", got)
	}
}

// A note for people at the top of a folder (说明.txt, README.txt) is not
// content and worth no warning; another text file there may be a story put
// in the wrong place, and is still named.
func TestNotesAtTheTopPassSilently(t *testing.T) {
	dir := plainDir(t, "三月", plainTree+`-- 说明.txt --
先读这个。
-- README.txt --
notes
-- 内容备注.txt --
备注
-- 老支书.txt --
一个故事放错了地方。
-- 故事/家风家训/说明.txt --
这是一个故事的正文。
`)
	pkg, ps := readDir(t, dir, Options{})
	if pkg == nil || !slices.ContainsFunc(pkg.Stories, func(s content.Story) bool { return s.Title == "说明" }) {
		t.Errorf("故事/家风家训/说明.txt is a story, not a note: %v", ps)
	}
	var named []string
	for _, p := range ps {
		if strings.HasSuffix(p.File, ".txt") {
			named = append(named, p.File)
		}
	}
	if !slices.Equal(named, []string{"老支书.txt"}) {
		t.Fatalf("text files with a problem: %v, want only the stray story 老支书.txt\n%v", named, ps)
	}
}

// A clerk's folder with the Word story and the sheet lying at its top,
// not in 故事/ and 公示/: told at once where they go, and not taken for a
// copy still under way (which would keep the screen saying 正在导入 until
// the inbox gave up).
func TestFilesAtTheTopOfAPlainFolder(t *testing.T) {
	dir := plainDir(t, "三月", `-- 老支书.docx --
x
-- 财务公示.xlsx --
x
`)
	_, ps := readDir(t, dir, Options{})
	if !ps.HasErrors() || ps.OnlyIncomplete() {
		t.Fatalf("want a finished refusal, not an incomplete one: %v", ps)
	}
	var said []string
	for _, p := range ps {
		said = append(said, p.File+": "+p.Msg)
	}
	all := strings.Join(said, "\n")
	if !strings.Contains(all, "老支书.docx: 故事没有放进“故事”文件夹") || !strings.Contains(all, "财务公示.xlsx: 表格没有放进“公示”或“答题”文件夹") {
		t.Fatalf("the files are not told where they go:\n%s", all)
	}
	// Pictures alone (plainDir puts one in), without package.yaml: the
	// rest may still be on its way, so the folder waits.
	if _, ps := readDir(t, plainDir(t, "四月", ""), Options{}); !ps.OnlyIncomplete() {
		t.Fatalf("a folder holding only pictures so far should wait: %v", ps)
	}
}
