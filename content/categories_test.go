package content

import (
	"slices"
	"testing"
)

func TestOrderCategories(t *testing.T) {
	cases := []struct {
		name                      string
		configured, present, want []string
	}{
		{"configured order kept", []string{"乙", "甲"}, []string{"甲", "乙"}, []string{"乙", "甲"}},
		{"unconfigured ones after, in code point order", []string{"甲"}, []string{"丙", "", "乙", "丙"}, []string{"甲", "丙", "乙"}},
		{"nothing present", []string{"甲"}, nil, []string{"甲"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := OrderCategories(tc.configured, tc.present)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDefaultCategoriesPass(t *testing.T) {
	for _, list := range [][]string{StoryCategories, DisclosureCategories} {
		if err := CheckCategories(list); err != nil {
			t.Errorf("%v: %v", list, err)
		}
	}
}
