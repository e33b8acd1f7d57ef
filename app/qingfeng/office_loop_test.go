//go:build e2e || integration

package main

// The district office's side of the loop of replies, by the real binary's
// commands, for the end-to-end and the Syncthing tests: collect the
// kiosks' outbox, answer in the workbook as a clerk does in Excel, import
// the answers and pack them, signed.

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"qingfeng/content/collect"
)

// qingfengCmd runs the built qingfeng with args and returns its output;
// a non-zero exit fails the test.
func qingfengCmd(t *testing.T, args ...string) string {
	t.Helper()
	dir, err := binaries()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filepath.Join(dir, "qingfeng"), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("qingfeng %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// officeAnswer is what the clerk writes into one row of the handling
// sheet, by the column's header.
type officeAnswer map[string]string

// answerWorkbook fills the handling sheet of the workbook book, the row
// of each receipt of answers, and saves it as a new file beside it, which
// it returns. A receipt without a row fails the test.
func answerWorkbook(t *testing.T, book string, answers map[string]officeAnswer) string {
	t.Helper()
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(collect.HandlingSheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("the workbook's sheet %s: %d rows, %v", collect.HandlingSheet, len(rows), err)
	}
	col := func(header string) int {
		i := slices.Index(rows[0], header)
		if i < 0 {
			t.Fatalf("the sheet %s has no column %s: %q", collect.HandlingSheet, header, rows[0])
		}
		return i + 1
	}
	for receipt, cells := range answers {
		row := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[col(collect.ColReceipt)-1] == receipt })
		if row < 0 {
			t.Fatalf("the sheet %s has no row for %s", collect.HandlingSheet, receipt)
		}
		for header, v := range cells {
			cell, err := excelize.CoordinatesToCellName(col(header), row+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue(collect.HandlingSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	answered := strings.TrimSuffix(book, ".xlsx") + "-answered.xlsx"
	if err := f.SaveAs(answered); err != nil {
		t.Fatal(err)
	}
	return answered
}

// officeReplies runs the office's loop on the batches in collected: collect
// into district.db in dir, the answers filled into the workbook, replies
// import, and replies pack signed by key into a folder of dir, whose path
// (the package, named replies-qingfeng-qu) it returns.
func officeReplies(t *testing.T, dir, collected, key string, answers map[string]officeAnswer) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "district.db")
	if out := qingfengCmd(t, "collect", "--out", db, collected); !strings.Contains(out, "district-replies.png") {
		t.Fatalf("collect did not write the workbook's chart of handling:\n%s", out)
	}
	book := answerWorkbook(t, filepath.Join(dir, "district.xlsx"), answers)
	if out := qingfengCmd(t, "replies", "import", "--db", db, book); !strings.Contains(out, "条意见的办理情况有变化") {
		t.Fatalf("replies import:\n%s", out)
	}
	packs := filepath.Join(dir, "packs")
	qingfengCmd(t, "replies", "pack", "--db", db, "--key", key, "--out", packs, "--district", "qingfeng-qu")
	return filepath.Join(packs, "replies-qingfeng-qu")
}
