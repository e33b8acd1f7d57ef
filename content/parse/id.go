package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// ValidID reports whether s may be an id of a package or of an item in
// one: lowercase letters, digits and '-', starting with a letter or digit,
// at most 64 characters (they end up in file names, URLs and receipts).
func ValidID(s string) bool { return idRE.MatchString(s) }

// checkSite is the site word of a plain package's id when no site is
// given (qingfeng check without a config, tools).
const checkSite = "local"

// PlainID is the id of a package given as a plain folder (no
// package.yaml) named name, for the kiosk of site: the site, the ASCII
// letters and digits of the name if it has any, and a hash of the whole
// name. The hash tells apart names that differ only in Chinese
// ("三月公示", "四月公示"); the same name always gives the same id, so the
// same folder dropped again replaces what it brought before.
func PlainID(site, name string) string {
	if !ValidID(site) {
		site = checkSite
	}
	sum := sha256.Sum256([]byte(name))
	suffix := hex.EncodeToString(sum[:4])
	slug := slugOf(name, 64)
	// site-slug-suffix within 64 characters: the suffix is kept whole,
	// the site before the slug.
	site = strings.TrimRight(site[:min(len(site), 64-1-len(suffix))], "-")
	room := 64 - len(site) - 2 - len(suffix)
	s := slug
	if room < 1 {
		s = ""
	}
	s = strings.Trim(s[:min(len(s), max(room, 0))], "-")
	if s == "" {
		return site + "-" + suffix
	}
	return site + "-" + s + "-" + suffix
}

// slugOf is the ASCII letters and digits of name, lower-cased, runs of
// anything else as one "-", at most most bytes: the readable part of an
// id made from a name.
func slugOf(name string, most int) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 && b.Len() < most-1 {
				b.WriteByte('-')
			}
			dash = false
			if b.Len() < most {
				b.WriteRune(c)
			}
			continue
		}
		dash = true
	}
	return strings.TrimSuffix(b.String(), "-")
}

// nameID is the id of an item made from its file's name (a Word or text
// story, a quiz sheet): the name itself, lower-cased, when that is a valid
// id (tea-house.docx → tea-house); else its slug, or kind when it has
// none, and a short digest of the whole name (老支书.docx → story-90d19e1f,
// Tea House.docx → tea-house-…), so the same file keeps its id and two
// names that differ otherwise than in case never share one.
func nameID(name, kind string) string {
	if low := strings.ToLower(strings.TrimSpace(name)); ValidID(low) {
		return low
	}
	prefix := slugOf(name, 40)
	if prefix == "" {
		prefix = kind
	}
	sum := sha256.Sum256([]byte(name))
	return prefix + "-" + hex.EncodeToString(sum[:4])
}
