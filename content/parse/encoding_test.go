package parse

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"qingfeng/content"
)

// A text one of whose bytes is broken (a GBK table from Excel with a byte
// lost, a UTF-8 file with a stray byte pasted in) is refused with the line
// that holds the byte: in a table of thousands of rows the clerk could not
// find it otherwise.
func TestUndecodableTextNamesItsLine(t *testing.T) {
	rows := "项目,金额\n" + strings.Repeat("租金,100\n", 500)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(rows + "集体房屋租金,36000\n" + rows)
	if err != nil {
		t.Fatal(err)
	}
	brokenGBK := []byte(gbk)
	at := strings.Index(gbk, "\n"+mustGBK(t, "集体"))
	brokenGBK[at+2] = 0xFF // the second byte of 集: no GBK character has it
	brokenUTF8 := []byte(rows + "集体房屋租金,36000\n" + rows)
	at = strings.Index(string(brokenUTF8), "集体")
	brokenUTF8[at+1] = 0xFF
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"GBK with a broken byte", brokenGBK},
		{"UTF-8 with a broken byte", brokenUTF8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps content.Problems
			if _, ok := decodeText(tc.data, "公示/a.csv", &ps); ok {
				t.Fatal("a broken text was read")
			}
			assertProblem(t, ps, "公示/a.csv", 502, content.Error, "编码无法识别")
		})
	}
}

// Notepad's "Unicode" (UTF-16 with its byte order mark) is a whole file in
// another encoding, not a broken line: it is told as such, with no line.
func TestUTF16TextIsToldAsAWholeFile(t *testing.T) {
	for _, bom := range [][]byte{{0xFF, 0xFE}, {0xFE, 0xFF}} {
		var ps content.Problems
		if _, ok := decodeText(append(bom, "a\x00,\x00b\x00"...), "公示/a.csv", &ps); ok {
			t.Fatal("UTF-16 was read")
		}
		assertProblem(t, ps, "公示/a.csv", 0, content.Error, "选择 UTF-8 编码后重新保存")
	}
}

func mustGBK(tb testing.TB, s string) string {
	tb.Helper()
	g, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}
