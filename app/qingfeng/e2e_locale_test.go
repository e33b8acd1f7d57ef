//go:build e2e

package main

import (
	"os"
	"strings"
	"testing"
)

// The kiosk in the C.UTF-8 locale (Debian's default) writes nothing from
// the GUI toolkit into its log.
func TestE2ELocaleKioskQuiet(t *testing.T) {
	d := startXvfb(t, 1280, 800)
	k := startKiosk(t, d, "", "LANG=C.UTF-8", "LC_ALL=", "LANGUAGE=")
	k.stop(t)
	b, err := os.ReadFile(k.log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "正在监视收件箱") {
		t.Fatalf("the log is not the kiosk's:\n%s", b)
	}
	if strings.Contains(string(b), "Fyne error") {
		t.Fatalf("the kiosk's log has Fyne's locale noise:\n%s", k.tail(40))
	}
}
