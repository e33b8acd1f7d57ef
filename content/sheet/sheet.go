// Package sheet writes tables for the spreadsheet programs offices use
// (Excel and WPS on Chinese Windows): CSV with a byte-order mark and CRLF,
// every cell that a spreadsheet would take for a formula defused. The
// opinions, usage and display-log exports all write with it.
//
// It imports only the standard library.
package sheet

import (
	"encoding/csv"
	"io"
	"strings"
)

// WriteCSV writes rows (formula-like cells defused) as UTF-8 with a byte-order mark and CRLF lines:
// without the mark, Excel on a Chinese Windows reads the file as GBK.
func WriteCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, r := range rows {
		if err := cw.Write(DefuseFormulas(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// DefuseFormulas prefixes with an apostrophe each cell a spreadsheet would
// take for a formula: the text comes from anyone at the screen, and a cell
// such as =HYPERLINK(...) must not run when the office opens the file.
func DefuseFormulas(r []string) []string {
	out := make([]string, len(r))
	for i, s := range r {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			s = "'" + s
		}
		out[i] = s
	}
	return out
}
