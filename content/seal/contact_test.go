package seal

import (
	"errors"
	"strings"
	"testing"
)

// Every contact seals to the same length, whatever the name and number,
// and opens only with the office's key.
func TestContactPaddedAndOpened(t *testing.T) {
	pub, priv, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	_, other, _ := GenerateKey()
	var first int
	for i, c := range []Contact{
		{Name: "张三丰", Phone: "13812345678"},
		{Name: "欧阳娜娜"},
		{Phone: "12345"},
		{Name: strings.Repeat("龘", 20), Phone: strings.Repeat("9", 20)},
	} {
		t.Run(c.Name+c.Phone, func(t *testing.T) {
			sealed, err := SealContact(pub, c)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = len(sealed)
			} else if len(sealed) != first {
				t.Errorf("sealed contact is %d bytes, the first is %d: the length gives the name away", len(sealed), first)
			}
			got, err := OpenContact(priv, sealed)
			if err != nil || got != c {
				t.Errorf("opened %+v, %v; want %+v", got, err, c)
			}
			if _, err := OpenContact(other, sealed); !errors.Is(err, ErrOpen) {
				t.Errorf("another key opened the contact: %v", err)
			}
		})
	}
}
