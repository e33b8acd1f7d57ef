package inbox

import "qingfeng/content"

// Words is the outcome as a clerk reads it on the command line, one line
// per package the inbox looked at.
func (o Outcome) Words() string {
	switch o {
	case Imported:
		return "导入成功"
	case Incomplete:
		return "不完整，等待中"
	}
	return "没有导入"
}

// SignatureWords says who signed pkg and whether this importer would take
// it for that (qingfeng check): the importer's own trust rule, worded for
// staff before they drop the package into an inbox.
func (im *Importer) SignatureWords(pkg *content.Package) string {
	switch {
	case len(im.Trusted) == 0 && pkg.SignedBy == "":
		return "没有签名"
	case len(im.Trusted) == 0:
		return "签名完好（每个文件都和清单一致），签名钥匙：" + pkg.SignedBy
	case pkg.SignedBy == "":
		return "没有签名：本机配置了 trusted_publishers，不会导入没有签名的内容包"
	case im.untrusted(pkg) == "":
		return "签名完好，签名钥匙在本机信任的名单里：" + pkg.SignedBy
	}
	return "签名完好，但签名钥匙不在本机信任的名单里，不会导入：" + pkg.SignedBy
}
