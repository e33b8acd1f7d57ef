package parse

// ValidID reports whether s may be an id of a package or of an item in
// one: lowercase letters, digits and '-', starting with a letter or digit,
// at most 64 characters (they end up in file names, URLs and receipts).
func ValidID(s string) bool { return idRE.MatchString(s) }
