package content

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestOpinionRulesCheck(t *testing.T) {
	good := OpinionRules{Categories: DefaultOpinionCategories, MaxLength: DefaultOpinionMaxLength,
		MinInterval: 30 * time.Second, HoldWords: []string{"红包"}}
	with := func(f func(r *OpinionRules)) OpinionRules {
		r := good
		f(&r)
		return r
	}
	for _, tc := range []struct {
		name  string
		rules OpinionRules
		field string // "" for accepted
		msg   string
	}{
		{"the defaults", good, "", ""},
		{"no hold words, no interval", with(func(r *OpinionRules) { r.HoldWords, r.MinInterval = nil, 0 }), "", ""},
		{"no category", with(func(r *OpinionRules) { r.Categories = nil }), "Categories", "at least one"},
		{"a blank category", with(func(r *OpinionRules) { r.Categories = []string{"表扬", " "} }), "Categories", "blank"},
		{"a category twice", with(func(r *OpinionRules) { r.Categories = []string{"表扬", "咨询", "表扬"} }), "Categories", `"表扬" twice`},
		{"a blank hold word", with(func(r *OpinionRules) { r.HoldWords = []string{""} }), "HoldWords", "blank"},
		{"a hold word twice", with(func(r *OpinionRules) { r.HoldWords = []string{"吃喝", "吃喝"} }), "HoldWords", "twice"},
		{"a negative interval", with(func(r *OpinionRules) { r.MinInterval = -time.Second }), "MinInterval", "negative"},
		{"no length", with(func(r *OpinionRules) { r.MaxLength = 0 }), "MaxLength", "positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rules.Check()
			var se *SettingError
			switch {
			case tc.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.field == "":
			case !errors.As(err, &se):
				t.Fatalf("Check() = %v, want a *SettingError", err)
			case se.Field != tc.field || !strings.Contains(se.Msg, tc.msg):
				t.Fatalf("Check() = %q on %s, want %q on %s", se.Msg, se.Field, tc.msg, tc.field)
			}
		})
	}
}
