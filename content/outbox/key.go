package outbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"qingfeng/content/durable"
	"qingfeng/content/sign"
)

// The kiosk's key files, in its data folder (never in the outbox, which is
// carried away). The private half signs its batches and never leaves the
// kiosk; the public half travels in every batch, and kiosk.pub beside the
// key lets a technician read it off the kiosk to compare with what the
// office registered.
const (
	KeyFile       = "kiosk.key"
	PublicKeyFile = "kiosk.pub"
)

// LoadOrCreateKey reads the kiosk's signing key from dir, making it first if
// there is none (created says so). Two processes starting at once (the
// kiosk and `qingfeng outbox`) end up with the same key: the key file is
// created whole and only if absent, and whoever loses reads the winner's.
func LoadOrCreateKey(dir string) (k sign.Private, created bool, err error) {
	path := filepath.Join(dir, KeyFile)
	k, err = sign.ReadPrivateFile(path)
	if err == nil {
		// A stop between the two files left the public one unwritten.
		if _, err := os.Lstat(filepath.Join(dir, PublicKeyFile)); errors.Is(err, fs.ErrNotExist) {
			writePublic(dir, k.Public()) // kiosk.pub is for people; the key is what signs
		}
		return k, false, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return k, false, err
	}
	pub, k, err := sign.GenerateKey()
	if err != nil {
		return k, false, err
	}
	text := "# 清风 展示屏批次签名私钥：由这台展示屏第一次启动时生成，只留在这台展示屏上，不要拷走。\n" +
		"# 删除或替换它以后，区里会把这台展示屏的批次当作换了钥匙，要在区里确认后才汇总。\n" + k.Encode() + "\n"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return k, false, fmt.Errorf("outbox: kiosk key: %w", err)
	}
	switch err := durable.CreateFile(path, []byte(text), 0o600); {
	case errors.Is(err, fs.ErrExist):
		k, err = sign.ReadPrivateFile(path)
		return k, false, err
	case err != nil:
		return k, false, fmt.Errorf("outbox: kiosk key: %w", err)
	}
	os.Remove(filepath.Join(dir, PublicKeyFile)) // one left from an earlier key would mislead
	if err := writePublic(dir, pub); err != nil {
		return k, true, fmt.Errorf("outbox: kiosk key: %w", err)
	}
	return k, true, nil
}

func writePublic(dir string, pub sign.Public) error {
	text := "# 清风 展示屏批次签名公钥：和区里登记的这台展示屏的钥匙对照用。\n" + pub.String() + "\n"
	err := durable.CreateFile(filepath.Join(dir, PublicKeyFile), []byte(text), 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil // written by a process starting at the same time
	}
	return err
}
