package parse

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"qingfeng/content"
	"qingfeng/content/contenttest"
)

const repliesHeader = "回执号,办理状态,类别,收到日期,转交日期,承办单位,答复日期,答复内容,是否公开,意见内容\n"

// repliesTree is a package of replies and nothing else: package.yaml and
// replies.csv with the given data rows (line 2 onwards).
func repliesTree(rows ...string) *txtar.Archive {
	return &txtar.Archive{Files: []txtar.File{
		{Name: "package.yaml", Data: []byte("id: replies-district\ntitle: 答复\nversion: 29600000\n")},
		{Name: "replies.csv", Data: []byte(repliesHeader + strings.Join(rows, "\n") + "\n")},
	}}
}

const (
	okReply    = "K7M2-Q9XP,已答复,意见建议,2026-11-03,2026-11-04,镇交通办,2026-11-10,路灯已经修好。,是,路灯坏了两个月"
	okReceived = "k7m3 q9xp,已收到,咨询,2026-11-05,,,,,否,"
)

// A package holding only replies.csv is a package; each row becomes a
// reply, receipts written as NormalizeReceipt writes them, dates in the
// kiosk's zone, the opinion's text only where given.
func TestRepliesPackage(t *testing.T) {
	files := repliesTree(okReply, "", okReceived)
	files.Files[1].Data = append([]byte("\xef\xbb\xbf"), files.Files[1].Data...) // Excel's BOM
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
	if len(ps) != 0 {
		t.Fatalf("want no problems, got:\n%v", ps)
	}
	loc := chinaTime()
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, loc) }
	want := []content.Reply{
		{Receipt: "K7M2-Q9XP", Status: content.StatusReplied, Category: "意见建议", Received: day(11, 3), Forwarded: day(11, 4),
			Unit: "镇交通办", Replied: day(11, 10), Text: "路灯已经修好。", Public: true, Opinion: "路灯坏了两个月"},
		{Receipt: "K7M3-Q9XP", Status: content.StatusReceived, Category: "咨询", Received: day(11, 5)},
	}
	if len(pkg.Replies) != len(want) {
		t.Fatalf("%d replies, want %d: %+v", len(pkg.Replies), len(want), pkg.Replies)
	}
	for i, w := range want {
		g := pkg.Replies[i]
		if g.Receipt != w.Receipt || g.Status != w.Status || g.Category != w.Category || !g.Received.Equal(w.Received) ||
			!g.Forwarded.Equal(w.Forwarded) || g.Unit != w.Unit || !g.Replied.Equal(w.Replied) || g.Text != w.Text ||
			g.Public != w.Public || g.Opinion != w.Opinion {
			t.Errorf("reply %d = %+v, want %+v", i, g, w)
		}
	}
}

// Every row is checked, each problem with replies.csv and its line, worded
// for the office.
func TestRepliesProblems(t *testing.T) {
	long := func(n int) string { return strings.Repeat("字", n) }
	cases := []struct {
		name string
		rows []string
		line int
		want string
	}{
		{"bad receipt", []string{strings.Replace(okReply, "K7M2-Q9XP", "K7M2-Q9X0", 1)}, 2, "回执号“K7M2-Q9X0”不对"},
		{"short receipt", []string{strings.Replace(okReply, "K7M2-Q9XP", "K7M2", 1)}, 2, "回执号“K7M2”不对"},
		{"unknown status", []string{strings.Replace(okReply, "已答复", "处理中", 1)}, 2, "办理状态“处理中”不认识"},
		{"no received date", []string{strings.Replace(okReply, "2026-11-03", "", 1)}, 2, "“收到日期”是空的"},
		{"bad received date", []string{strings.Replace(okReply, "2026-11-03", "2026/11/03", 1)}, 2, "“收到日期”写的“2026/11/03”不是日期"},
		{"bad forwarded date", []string{strings.Replace(okReply, "2026-11-04", "11月4日", 1)}, 2, "“转交日期”写的“11月4日”不是日期"},
		{"bad replied date", []string{strings.Replace(okReply, "2026-11-10", "2026-13-10", 1)}, 2, "“答复日期”写的“2026-13-10”不是日期"},
		{"public neither yes nor no", []string{strings.Replace(okReply, ",是,", ",Y,", 1)}, 2, "“是否公开”写的“Y”，只能是“是”或“否”"},
		{"public empty", []string{strings.Replace(okReply, ",是,", ",,", 1)}, 2, "“是否公开”写的“”"},
		{"reply text too long", []string{strings.Replace(okReply, "路灯已经修好。", long(content.MaxReplyTextRunes+1), 1)}, 2,
			fmt.Sprintf("“答复内容”有%d个字，最多%d个", content.MaxReplyTextRunes+1, content.MaxReplyTextRunes)},
		{"unit too long", []string{strings.Replace(okReply, "镇交通办", long(content.MaxReplyUnitRunes+1), 1)}, 2,
			fmt.Sprintf("“承办单位”有%d个字，最多%d个", content.MaxReplyUnitRunes+1, content.MaxReplyUnitRunes)},
		{"opinion text too long", []string{strings.Replace(okReply, "路灯坏了两个月", long(content.MaxReplyTextRunes+1), 1)}, 2, "“意见内容”有"},
		{"duplicated receipt", []string{okReply, okReceived, strings.Replace(okReply, "K7M2-Q9XP", "k7m2q9xp", 1)}, 4,
			"回执号“K7M2-Q9XP”重复了，第2行也是它"},
		{"opinion text of a private reply", []string{strings.Replace(okReply, ",是,", ",否,", 1)}, 2, "“是否公开”是“否”，“意见内容”却不是空的"},
		{"a column missing", []string{"K7M2-Q9XP,已收到,咨询,2026-11-05,,,,,否"}, 2, "这一行有9列，答复表应有10列"},
		{"bad line after good ones", []string{okReply, okReceived, strings.Replace(okReceived, "k7m3", "k7m4", 1) + ",多余"}, 4, "这一行有11列"},
		{"not UTF-8", []string{strings.Replace(okReply, "镇交通办", "\xd5\xf2", 1)}, 2, "必须是UTF-8编码"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(tc.rows...)), Options{})
			assertProblem(t, ps, "replies.csv", tc.line, content.Error, tc.want)
			if n, _ := ps.Count(); n != 1 {
				t.Errorf("want one problem, got:\n%v", ps)
			}
			if pkg != nil && len(pkg.Replies) != len(tc.rows)-1 {
				t.Errorf("%d replies kept of %d rows with one bad", len(pkg.Replies), len(tc.rows))
			}
		})
	}

	t.Run("an unpaired quote swallowing the rest", func(t *testing.T) {
		rows := []string{okReply, `K7M3-Q9XP,已收到,"咨询,2026-11-05,,,,,否,`}
		for range 8000 {
			rows = append(rows, okReceived)
		}
		pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(rows...)), Options{})
		assertProblem(t, ps, "replies.csv", 3, content.Error, "从这一行起的一行超过64 KB")
		if n, _ := ps.Count(); n != 1 || pkg == nil || len(pkg.Replies) != 0 {
			t.Errorf("want one problem and no replies, got %d replies and:\n%v", len(pkg.Replies), ps)
		}
	})
	t.Run("wrong header", func(t *testing.T) {
		files := repliesTree(okReply)
		files.Files[1].Data = []byte(strings.Replace(string(files.Files[1].Data), "承办单位", "单位", 1))
		_, ps := readDir(t, contenttest.Write(t, t.TempDir(), files), Options{})
		assertProblem(t, ps, "replies.csv", 1, content.Error, "表头不对，应当正好是："+strings.TrimSpace(repliesHeader))
	})
	t.Run("many bad rows are counted, not listed", func(t *testing.T) {
		var rows []string
		for i := range maxReplyProblems + 7 {
			rows = append(rows, fmt.Sprintf("K7M2-%04d,已收到,咨询,2026-11-05,,,,,否,", i))
		}
		_, ps := readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(rows...)), Options{})
		assertProblem(t, ps, "replies.csv", 0, content.Error, "另有7行有问题")
		if n, _ := ps.Count(); n != maxReplyProblems+1 {
			t.Errorf("%d problems, want %d", n, maxReplyProblems+1)
		}
	})
}

// What replies.csv keeps is counted against the memory budget: a package
// whose replies would not fit is refused at the row where they stop
// fitting, before the rest is read.
func TestRepliesWithinMemoryBudget(t *testing.T) {
	var rows []string
	text := strings.Repeat("答复", 500) // 3,000 bytes
	for i := range 300 {
		rows = append(rows, fmt.Sprintf("K7M2-%c%c%c%c,已答复,咨询,2026-11-05,,,2026-11-06,%s,否,",
			content.ReceiptAlphabet[i/31%31], content.ReceiptAlphabet[i%31], 'A', 'B', text))
	}
	lim := content.DefaultLimits()
	lim.MaxMemoryBytes = 8 * 600 << 10 // holds 600 KB: about 200 of these replies
	pkg, ps := readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(rows...)), Options{Limits: lim})
	if !ps.HasErrors() || !strings.Contains(ps.Error(), "replies.csv: 错误: 内容包的文字总量超过") {
		t.Fatalf("want the memory refusal, got:\n%v", ps)
	}
	if pkg != nil && len(pkg.Replies) != 0 {
		t.Errorf("a refused replies.csv left %d replies in the package", len(pkg.Replies))
	}
	lim.MaxMemoryBytes = 4 * 500 << 10 // decodes 500 KB: less than the file
	if _, ps = readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(rows...)), Options{Limits: lim}); !strings.Contains(ps.Error(), "replies.csv: 错误: 文件太大") {
		t.Fatalf("want the file refused for its size, got:\n%v", ps)
	}
	lim.MaxMemoryBytes = 8 * 4 << 20
	if pkg, ps = readDir(t, contenttest.Write(t, t.TempDir(), repliesTree(rows...)), Options{Limits: lim}); ps.HasErrors() || len(pkg.Replies) != 300 {
		t.Fatalf("with room: %d replies, problems:\n%v", len(pkg.Replies), ps)
	}
}
