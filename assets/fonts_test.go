package assets

import (
	"io/fs"
	"path"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
)

// uiWords are words the screens show; they are checked even before any
// screen exists so that a narrower subset cannot slip in unnoticed.
var uiWords = []string{
	"清廉故事", "公开公示", "互动展项", "我有话说", "大字", "返回", "首页", "搜索",
	"上一页", "下一页", "收入", "支出", "暂无内容", "已下架", "确定", "取消", "提交",
	"请输入", "谢谢您的意见", "联系方式（选填）", "合计：¥1,234.50 元", "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
	"气温 26℃", "3×4÷2", "《清风》“廉”‘洁’、。，！？；：……——·•", "← → ↑ ↓",
	"２０２２年ＡＢＣ（全角）", "zhōng guó lǜ nǚ", "面积 120㎡", "★☆○●□■△▲",
}

// rareHanzi occur in real names of people and places; all are in the Table
// of General Standard Chinese Characters (the last two from CJK Extension A).
const rareHanzi = "镕喆堃昇犇淼燊鑫垚彧珺璟祎翀玥晗婕琦炜昕旻曌赟䶮㭎"

type face struct {
	name string
	font *sfnt.Font
}

func fonts(t *testing.T) []face {
	t.Helper()
	var out []face
	for _, f := range []struct {
		name string
		data []byte
	}{{"Regular", FontRegular()}, {"Bold", FontBold()}} {
		font, err := sfnt.Parse(f.data)
		if err != nil {
			t.Fatalf("parse %s: %v", f.name, err)
		}
		out = append(out, face{f.name, font})
	}
	return out
}

// checkRunes reports every rune of text that font has no glyph for.
func checkRunes(t *testing.T, font *sfnt.Font, faceName, origin, text string) {
	t.Helper()
	var buf sfnt.Buffer
	seen := map[rune]bool{}
	for _, r := range text {
		if seen[r] || unicode.IsControl(r) || r == '\uFEFF' {
			continue
		}
		seen[r] = true
		gi, err := font.GlyphIndex(&buf, r)
		if err != nil {
			t.Fatalf("%s: glyph index of %q: %v", faceName, r, err)
		}
		if gi == 0 {
			t.Errorf("%s has no glyph for %q (U+%04X) from %s", faceName, r, r, origin)
		}
	}
}

func TestFontsCoverDemoPackage(t *testing.T) {
	demo := Demo()
	var files []string
	err := fs.WalkDir(demo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch path.Ext(p) {
		case ".md", ".csv", ".yaml":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d text files in the demo package", len(files))
	}
	for _, f := range fonts(t) {
		for _, p := range files {
			b, err := fs.ReadFile(demo, p)
			if err != nil {
				t.Fatal(err)
			}
			checkRunes(t, f.font, f.name, "demo/"+p, string(b))
		}
	}
}

func TestFontsCoverUIAndRareCharacters(t *testing.T) {
	for _, f := range fonts(t) {
		for _, w := range uiWords {
			checkRunes(t, f.font, f.name, "UI word "+w, w)
		}
		checkRunes(t, f.font, f.name, "rare name characters", rareHanzi)
	}
}

// Every character of the list the font was cut to: the 8,105 of the Table
// of General Standard Chinese Characters and the 6,763 of GB 2312 (8,230
// together), and HasGlyph agrees with the font.
func TestFontsCoverStandardCharacters(t *testing.T) {
	list := strings.ReplaceAll(Hanzi(), "\n", "")
	if n := utf8.RuneCountInString(list); n < 8230 {
		t.Fatalf("the character list holds %d characters, want the 8,230 of both standards", n)
	}
	for _, f := range fonts(t) {
		checkRunes(t, f.font, f.name, "assets/fonts/hanzi.txt", list)
	}
	regular := fonts(t)[0].font
	var buf sfnt.Buffer
	for _, r := range "清廉萧山䶮㭎" + "龑琍濛" {
		gi, _ := regular.GlyphIndex(&buf, r)
		if HasGlyph(r) != (gi != 0) {
			t.Errorf("HasGlyph(%q) = %v, but the font's glyph index is %d", r, HasGlyph(r), gi)
		}
	}
}

// The OFL forbids a Modified Version to use a Reserved Font Name ("Source",
// from upstream noto-cjk), and "Noto" is Google's trademark: the subset is
// called Qingfeng Sans SC.
func TestFontsAreRenamed(t *testing.T) {
	for _, f := range fonts(t) {
		var buf sfnt.Buffer
		for _, id := range []sfnt.NameID{sfnt.NameIDFamily, sfnt.NameIDFull, sfnt.NameIDPostScript, sfnt.NameIDTypographicFamily} {
			name, err := f.font.Name(&buf, id)
			if err == sfnt.ErrNotFound {
				continue
			}
			if err != nil {
				t.Fatalf("%s name %d: %v", f.name, id, err)
			}
			if strings.Contains(name, "Noto") || strings.Contains(name, "Source") {
				t.Errorf("%s name %d is %q: a subset must not use the upstream name", f.name, id, name)
			}
			if id == sfnt.NameIDFamily && name != "Qingfeng Sans SC" {
				t.Errorf("%s family is %q, want Qingfeng Sans SC", f.name, name)
			}
		}
	}
}
