package office

import (
	"fmt"
	"io"

	"qingfeng/content/seal"
)

// Keygen makes the office key pair (seal.WriteKeyPair): office.key and
// office.pub, never over existing files.
func Keygen(dir string, out io.Writer) int {
	if dir == "" {
		fmt.Fprintln(out, "用法：qingfeng keygen [--signing] --out DIR")
		return 2
	}
	pub, priv, err := seal.GenerateKey()
	if err != nil {
		fmt.Fprintln(out, "无法生成密钥：", err)
		return 1
	}
	privPath, pubPath, err := seal.WriteKeyPair(dir, pub, priv)
	if err != nil {
		fmt.Fprintln(out, err)
		return 1
	}
	fmt.Fprintf(out, `已生成办公室密钥：
  私钥 %s  只留在办公室，妥善保管（导出意见时用 --key 指定它）
  公钥 %s  拷到每台展示屏，放在 qingfeng.yaml 旁边

在每台展示屏的 qingfeng.yaml 里加上：

opinions:
  office_key: %s   # 相对于 qingfeng.yaml 所在的文件夹

之后，居民留下的姓名和电话只有用这把私钥才能看到。
`, privPath, pubPath, seal.PublicKeyFile)
	return 0
}
