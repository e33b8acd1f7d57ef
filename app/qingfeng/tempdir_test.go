package main

import (
	"bytes"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"qingfeng/content/contenttest"
)

// The kiosk's service cannot write /tmp (ProtectSystem=strict): a phone
// photo that must be turned at import is spooled in the data folder, so a
// kiosk whose system temporary folder is unusable still imports it. Files
// an earlier run left in that folder are gone at the next start.
func TestKioskTurnsPhotosWithoutTheSystemTemp(t *testing.T) {
	bin := buildQingfeng(t)
	work := t.TempDir()
	data := filepath.Join(work, "data")
	// Not a folder: any temporary file made through TMPDIR fails.
	blocked := filepath.Join(work, "not-a-folder")
	if err := os.WriteFile(blocked, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(data, "tmp", "qingfeng-photos-1", "p.jpg")
	if err := os.MkdirAll(filepath.Dir(leftover), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(leftover, []byte("x"), 0o644)

	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, contenttest.Photo(120, 80, 3), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	// EXIF orientation 6 (turn a quarter clockwise to view), as a phone
	// writes for a portrait shot.
	exif := []byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	b := photo.Bytes()
	sideways := append(append(append([]byte{}, b[:2]...), append([]byte{0xFF, 0xE1, 0, byte(len(exif) + 2)}, exif...)...), b[2:]...)
	pkg := contenttest.Dir(t, "-- 故事/家风家训/照片.txt --\n一张竖着拍的照片。\n")
	if err := os.WriteFile(filepath.Join(pkg, "故事", "家风家训", "照片.jpg"), sideways, 0o644); err != nil {
		t.Fatal(err)
	}
	inbox := filepath.Join(data, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(pkg, filepath.Join(inbox, "三月")); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "run", "--headless", "--no-demo", "--data", data)
	cmd.Dir, cmd.Env = work, append(os.Environ(), "TMPDIR="+blocked)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var report []byte
	deadline := time.Now().Add(60 * time.Second)
	for report == nil && time.Now().Before(deadline) {
		for _, d := range []string{"done", "rejected"} {
			if r, err := os.ReadFile(filepath.Join(inbox, d, "三月.import-report.txt")); err == nil {
				report = r
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("a file an earlier run left in the temporary folder is still there (%v)", err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if report == nil {
		t.Fatalf("no import report within a minute:\n%s", out.String())
	}
	if !bytes.Contains(report, []byte("导入成功")) {
		t.Fatalf("the package with a sideways photo was not imported:\n%s", report)
	}
}
