package contenttest

import (
	"archive/zip"
	"bytes"
	"maps"
	"slices"
	"testing"
)

// Docx writes a minimal Word document: body is the XML inside <w:body>
// (namespaces w, r, a, mc and v declared), rels the <Relationship> elements of
// the document's relationships, parts further files of the zip by name
// (pictures under word/media/), written in name order.
func Docx(tb testing.TB, body, rels string, parts map[string][]byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(data)
	}
	const relsOpen = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	put("_rels/.rels", []byte(relsOpen+`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`))
	put("word/document.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>`+body+`</w:body></w:document>`))
	put("word/_rels/document.xml.rels", []byte(relsOpen+rels+`</Relationships>`))
	for _, n := range slices.Sorted(maps.Keys(parts)) {
		put(n, parts[n])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
