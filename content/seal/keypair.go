package seal

import (
	"path/filepath"

	"qingfeng/content/keyfile"
)

// The office's key files, as WriteKeyPair names them.
const (
	PrivateKeyFile = "office.key"
	PublicKeyFile  = "office.pub"
)

// WriteKeyPair writes a new office key pair into dir: office.key (the
// private key, mode 0600) and office.pub, each with comment lines saying
// what it is for and where it goes. It never replaces an existing file (an
// error wrapping fs.ErrExist): a lost private key cannot be made again, and
// overwriting one would make every contact sealed to it unreadable for
// good. Errors are worded for staff (keyfile.WritePair).
func WriteKeyPair(dir string, pub Public, priv Private) (privPath, pubPath string, err error) {
	privPath, pubPath = filepath.Join(dir, PrivateKeyFile), filepath.Join(dir, PublicKeyFile)
	privText := "# 清风 意见箱 办公室私钥：只留在处理意见的办公室，妥善保管，不要拷到展示屏上，不要发给别人。\n" +
		"# 丢失后，展示屏收集的姓名和电话将无法查看。用法：qingfeng opinions export --key " + PrivateKeyFile + " ...\n" +
		priv.Encode() + "\n"
	pubText := "# 清风 意见箱 办公室公钥：拷到每台展示屏上，在 qingfeng.yaml 的 opinions.office_key 写上它的路径。\n" +
		pub.String() + "\n"
	return privPath, pubPath, keyfile.WritePair(dir, privPath, privText, pubPath, pubText)
}
