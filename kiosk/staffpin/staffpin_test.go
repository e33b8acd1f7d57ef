package staffpin

import (
	"strings"
	"testing"
)

func TestPINHash(t *testing.T) {
	h, err := Hash("246810")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, err := Check(h, "246810"); !ok || err != nil {
		t.Fatalf("right PIN: %v %v", ok, err)
	}
	if ok, _ := Check(h, "246811"); ok {
		t.Fatal("a wrong PIN passed")
	}
	h2, _ := Hash("246810")
	if h2 == h {
		t.Error("two hashes of one PIN are equal: no salt")
	}
	for _, bad := range []string{"", "246810", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if _, err := Check(bad, "246810"); err == nil {
			t.Errorf("%q taken for a hash", bad)
		}
	}
}

func TestValid(t *testing.T) {
	for pin, want := range map[string]bool{"1357": true, "123456789012": true, "123": false, "1234567890123": false, "12a4": false, "１２３４": false, "": false} {
		if Valid(pin) != want {
			t.Errorf("Valid(%q) = %v", pin, !want)
		}
	}
}
