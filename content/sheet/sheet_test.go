package sheet

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

func TestWriteCSVDefusesFormulas(t *testing.T) {
	rows := [][]string{{"=HYPERLINK(\"http://x\")", "+1", "-2", "@a", "\tb", "平常", ""}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	rest, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
	if !ok || !bytes.HasSuffix(rest, []byte("\r\n")) {
		t.Fatalf("no byte-order mark or no CRLF: %q", buf.Bytes())
	}
	got, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@a", "'\tb", "平常", ""}
	if !slices.Equal(got[0], want) {
		t.Fatalf("got %q, want %q", got[0], want)
	}
}
