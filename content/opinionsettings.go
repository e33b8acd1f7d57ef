package content

import (
	"fmt"
	"strings"
)

// SettingError is a setting of the opinion rules that cannot be applied.
// Field is the OpinionRules field it is about; Msg finishes a sentence
// that starts with the setting's name.
type SettingError struct {
	Field string
	Msg   string
}

func (e *SettingError) Error() string { return e.Field + " " + e.Msg }

// Check reports the first setting of r that cannot be applied: no
// category to choose, a blank or repeated category or hold word (a blank
// hold word is in every opinion), a negative interval, a length that takes
// no text.
func (r OpinionRules) Check() error {
	if len(r.Categories) == 0 {
		return &SettingError{"Categories", "must name at least one category"}
	}
	if msg := CheckWordList(r.Categories); msg != "" {
		return &SettingError{"Categories", msg}
	}
	if msg := CheckWordList(r.HoldWords); msg != "" {
		return &SettingError{"HoldWords", msg}
	}
	if r.MinInterval < 0 {
		return &SettingError{"MinInterval", fmt.Sprintf("must not be negative, not %s", r.MinInterval)}
	}
	if r.MaxLength <= 0 {
		return &SettingError{"MaxLength", fmt.Sprintf("must be a positive number of characters, not %d", r.MaxLength)}
	}
	return nil
}

// CheckWordList says what is wrong with a configured list of words shown
// or matched one by one (a blank or a repeated entry), finishing a
// sentence that starts with the list's name; "" if nothing is.
func CheckWordList(words []string) string {
	seen := map[string]bool{}
	for _, w := range words {
		if strings.TrimSpace(w) == "" {
			return "has a blank entry"
		}
		if seen[w] {
			return fmt.Sprintf("lists %q twice", w)
		}
		seen[w] = true
	}
	return ""
}
