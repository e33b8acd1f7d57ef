package inbox

import (
	"strings"
	"testing"

	"qingfeng/content"
)

func TestOutcomeWords(t *testing.T) {
	for _, tc := range []struct {
		o    Outcome
		want string
	}{{Imported, "导入成功"}, {Incomplete, "不完整，等待中"}, {Rejected, "没有导入"}, {Failed, "没有导入"}} {
		t.Run(tc.o.String(), func(t *testing.T) {
			if got := tc.o.Words(); got != tc.want {
				t.Errorf("Words() = %q, want %q", got, tc.want)
			}
		})
	}
}

// What check says of a signature is what the importer does with it: a
// package it says will not be imported is refused for its signature, and
// one it says is fine is not.
func TestSignatureWords(t *testing.T) {
	const office, stranger = "qingfeng-publisher-pub:office", "qingfeng-publisher-pub:stranger"
	for _, tc := range []struct {
		name     string
		trusted  []string
		signedBy string
		want     string
		refused  bool
	}{
		{"unsigned, nothing trusted", nil, "", "没有签名", false},
		{"signed, nothing trusted", nil, stranger, "签名完好（每个文件都和清单一致），签名钥匙：" + stranger, false},
		{"unsigned, a publisher trusted", []string{office}, "", "不会导入没有签名的内容包", true},
		{"signed by the trusted publisher", []string{office}, office, "签名钥匙在本机信任的名单里：" + office, false},
		{"signed by another", []string{office}, stranger, "不在本机信任的名单里，不会导入：" + stranger, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im := &Importer{Trusted: tc.trusted}
			pkg := &content.Package{ID: "p", SignedBy: tc.signedBy}
			got := im.SignatureWords(pkg)
			if !strings.HasSuffix(got, tc.want) {
				t.Errorf("SignatureWords = %q, want it to end %q", got, tc.want)
			}
			if refused := len(im.Trusted) > 0 && im.untrusted(pkg) != ""; refused != tc.refused {
				t.Errorf("the importer refuses it: %v, want %v", refused, tc.refused)
			}
		})
	}
}
