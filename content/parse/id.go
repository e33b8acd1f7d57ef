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
	var slug strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && slug.Len() > 0 {
				slug.WriteByte('-')
			}
			slug.WriteRune(c)
			dash = false
			continue
		}
		dash = true
	}
	// site-slug-suffix within 64 characters: the suffix is kept whole,
	// the site before the slug.
	site = strings.TrimRight(site[:min(len(site), 64-1-len(suffix))], "-")
	room := 64 - len(site) - 2 - len(suffix)
	s := slug.String()
	if room < 1 {
		s = ""
	}
	s = strings.Trim(s[:min(len(s), max(room, 0))], "-")
	if s == "" {
		return site + "-" + suffix
	}
	return site + "-" + s + "-" + suffix
}
