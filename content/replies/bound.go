package replies

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"qingfeng/content/collect"
)

// What opening the office's workbook may take, checked before the
// spreadsheet library opens it.

// MaxWorkbookBytes bounds the workbook file: it bounds the zip's
// directory, which the zip reader holds whole before the parts can be
// counted. A district's years of opinions with long answers are a few
// megabytes.
const MaxWorkbookBytes = 64 << 20

// maxWorkbookParts bounds the parts of the workbook (Excel and WPS write a
// few dozen).
const maxWorkbookParts = 10_000

// sharedStringCost is what the spreadsheet library takes in memory for
// each entry of the shared string table beyond its text (the same measure
// as content/parse's reader).
const sharedStringCost = 400

// decodeBudget is what opening the workbook may take: half the memory
// bound (the office's machine is not a kiosk, but a workbook must still
// not take it all).
func decodeBudget(most int64) int64 { return most / 2 }

// checkWorkbook bounds what opening the workbook name takes before the
// spreadsheet library opens it: the file's size, its parts, what they
// inflate to, and the entries of the shared string table (which the
// library loads whole). The worksheet itself is read a row at a time.
func checkWorkbook(name string, most int64) []Problem {
	bad := func(msg string) []Problem { return []Problem{{Sheet: collect.HandlingSheet, Msg: msg}} }
	st, err := os.Stat(name)
	if err != nil {
		return bad("无法读取这个文件：" + err.Error())
	}
	if st.Size() > MaxWorkbookBytes {
		return bad(fmt.Sprintf("表格文件有 %d MB，超过 %d MB 的上限：请只保留“%s”工作表后另存", st.Size()>>20, MaxWorkbookBytes>>20, collect.HandlingSheet))
	}
	zr, err := zip.OpenReader(name)
	if err != nil {
		return bad("无法打开这个表格（文件可能已损坏，或不是 .xlsx 格式；WPS 请另存为 .xlsx）")
	}
	defer zr.Close()
	if len(zr.File) > maxWorkbookParts {
		return bad(fmt.Sprintf("表格文件里有 %d 个部分（正常的表格只有几十个），这不是 Excel 或 WPS 保存的表格", len(zr.File)))
	}
	budget := decodeBudget(most)
	var inflated int64
	var sst *zip.File
	for _, zf := range zr.File {
		inflated += int64(min(zf.UncompressedSize64, math.MaxInt64/2))
		if strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), "xl/sharedStrings.xml") {
			sst = zf
		}
	}
	if inflated > budget {
		return bad(fmt.Sprintf("表格解压后有 %d MB，超过 %d MB 的上限：请只保留“%s”工作表后另存", inflated>>20, budget>>20, collect.HandlingSheet))
	}
	if sst == nil {
		return nil
	}
	n, err := countStrings(sst)
	if err != nil {
		return bad("无法打开这个表格（文件可能已损坏）")
	}
	if room := (budget - inflated) / sharedStringCost; n > room {
		return bad(fmt.Sprintf("表格里有 %d 条不重复的文字，超过 %d 条的上限：请只保留“%s”工作表后另存", n, room, collect.HandlingSheet))
	}
	return nil
}

// countStrings counts the entries (<si>) of the shared string table,
// streaming.
func countStrings(zf *zip.File) (int64, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	var n int64
	buf := make([]byte, 64<<10)
	var carry []byte
	for {
		k, err := rc.Read(buf)
		chunk := append(carry, buf[:k]...)
		n += int64(strings.Count(string(chunk), "<si>") + strings.Count(string(chunk), "<si "))
		// Keep the tail that might begin a tag cut in two.
		carry = append(carry[:0], chunk[max(0, len(chunk)-3):]...)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
