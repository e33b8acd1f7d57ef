package main

import (
	"context"
	"flag"

	"qingfeng/content/replies"
)

// repliesImportCmd is `qingfeng replies import --db DISTRICT.db FILE.xlsx`:
// the office's answers, filled into the workbook's 意见办理 sheet, into
// the district database; every row checked, all applied or none.
type repliesImportCmd struct {
	place
	db string
}

func (c *repliesImportCmd) define(fs *flag.FlagSet) {
	c.configFlag(fs)
	fs.StringVar(&c.db, "db", "", "区里的数据库`文件`（DISTRICT.db）")
}

func (c *repliesImportCmd) args(rest []string) string {
	switch {
	case len(rest) == 0:
		return firstOf(required("db", c.db), "缺少填好答复的表格（.xlsx）")
	case len(rest) > 1:
		return noArgs(rest[1:])
	}
	return required("db", c.db)
}

func (c *repliesImportCmd) exec(ctx context.Context, a *app, rest []string) int {
	return a.office().RepliesImport(ctx, c.db, rest[0])
}

// repliesPackCmd is `qingfeng replies pack --db DISTRICT.db --key
// publisher.key --out DIR`: the signed package of replies for every kiosk.
type repliesPackCmd struct {
	place
	db, key, out, district string
}

func (c *repliesPackCmd) define(fs *flag.FlagSet) {
	c.configFlag(fs)
	fs.StringVar(&c.db, "db", "", "区里的数据库`文件`（DISTRICT.db）")
	fs.StringVar(&c.key, "key", "", "发布者私钥`文件`（publisher.key），展示屏用 trusted_publishers 里的公钥核对")
	fs.StringVar(&c.out, "out", "", "答复包写入的`文件夹`（例如同步到各展示屏收件箱的文件夹）")
	fs.StringVar(&c.district, "district", replies.DefaultDistrict, "区的`名称`（小写字母、数字和“-”），答复包叫 replies-名称")
}

func (c *repliesPackCmd) args(rest []string) string {
	return firstOf(required("db", c.db, "key", c.key, "out", c.out), noArgs(rest))
}

func (c *repliesPackCmd) exec(ctx context.Context, a *app, _ []string) int {
	return a.office().RepliesPack(ctx, c.db, c.key, c.out, c.district)
}
