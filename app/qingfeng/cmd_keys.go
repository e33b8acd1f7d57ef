package main

import (
	"context"
	"flag"
	"os"
	"qingfeng/app/office"
)

// The commands that make and use keys and PINs.

type signCmd struct {
	place
	key string
}

func (c *signCmd) define(fs *flag.FlagSet) {
	c.configFlag(fs)
	fs.StringVar(&c.key, "key", "", "发布者私钥`文件`（publisher.key）")
}

func (c *signCmd) args(rest []string) string {
	switch {
	case len(rest) == 0:
		return "缺少要签名的内容包"
	case len(rest) > 1:
		return noArgs(rest[1:])
	}
	return required("key", c.key)
}

func (c *signCmd) exec(ctx context.Context, a *app, rest []string) int {
	return a.office().Sign(ctx, rest[0], c.key)
}

type pinCmd struct{ noConfig }

func (c *pinCmd) define(*flag.FlagSet)      {}
func (c *pinCmd) args(rest []string) string { return noArgs(rest) }
func (c *pinCmd) exec(_ context.Context, a *app, _ []string) int {
	return staffPINCmd(os.Stdin, a.out)
}

type keygenCmd struct {
	noConfig
	out, config string
	signing     bool
}

func (c *keygenCmd) define(fs *flag.FlagSet) {
	// Accepted as with every command of a kiosk, but not read: the config
	// may already name the key this is about to make.
	fs.StringVar(&c.config, "config", "", "配置`文件`：不读，钥匙在读配置之前生成（写上也可以）")
	fs.StringVar(&c.out, "out", "", "写入钥匙的`文件夹`")
	fs.BoolVar(&c.signing, "signing", false, "发布者签名用的钥匙（publisher.key、publisher.pub），不是意见办公室的")
}

func (c *keygenCmd) args(rest []string) string { return firstOf(required("out", c.out), noArgs(rest)) }

// exec runs before any config is read: a kiosk's config may already name
// the key this is about to make.
func (c *keygenCmd) exec(_ context.Context, a *app, _ []string) int {
	if c.signing {
		return office.KeygenSigning(c.out, a.out)
	}
	return office.Keygen(c.out, a.out)
}
