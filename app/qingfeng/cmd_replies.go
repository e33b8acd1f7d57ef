package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"qingfeng/app/office"
	"time"

	"qingfeng/content/collect"
	"qingfeng/content/parse"
	"qingfeng/content/replies"
	"qingfeng/content/sign"
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
	db, code := a.openDistrict(ctx, c.db)
	if db == nil {
		return code
	}
	defer db.Close()
	res, problems, err := replies.Import(ctx, db, rest[0], replies.Options{Location: a.cfg.location})
	switch {
	case errors.Is(err, replies.ErrRefused):
		for _, p := range problems {
			fmt.Fprintln(a.out, p)
		}
		fmt.Fprintf(a.out, "表格有 %d 处问题，什么都没有改。请按上面每一条说的办法处理（在表格里改好，或导出新的表格再填写）后再导入。\n", len(problems))
		return 1
	case err != nil:
		fmt.Fprintln(a.out, "导入出错，什么都没有改：", err)
		return 1
	}
	made := "这张表格没有导出时间（旧版本导出的）：已经办理过的意见，只导入了和数据库一样的行"
	if !res.Made.IsZero() {
		made = "表格导出于 " + res.Made.In(a.cfg.location).Format("2006-01-02 15:04")
	}
	fmt.Fprintf(a.out, "已导入（%s）：%d 行里 %d 条意见的办理情况有变化，%d 条没有变。下一步用 qingfeng replies pack 写出答复包发给各展示屏。要再改答复，请重新运行 qingfeng collect，在新导出的表格上填写。\n",
		made, res.Rows, res.Changed, res.Unchanged)
	return 0
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
	key, err := sign.ReadPrivateFile(c.key)
	if err != nil {
		fmt.Fprintln(a.out, "无法读取签名私钥：", err)
		return 1
	}
	db, code := a.openDistrict(ctx, c.db)
	if db == nil {
		return code
	}
	defer db.Close()
	// Signed as `qingfeng sign` signs a package.
	signer := func(dir, id string, version int) error {
		src, err := parse.Open(dir)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = office.WriteSignature(dir, src, id, version, key)
		return err
	}
	dir, n, err := replies.WritePack(ctx, db, c.out, c.district, time.Now(), a.cfg.location, signer)
	switch {
	case errors.Is(err, replies.ErrDistrict):
		fmt.Fprintf(a.out, "区的名称“%s”不行：只能用小写英文字母、数字和“-”。\n", c.district)
		return 2
	case err != nil:
		fmt.Fprintln(a.out, "无法写出答复包：", err)
		return 1
	}
	fmt.Fprintf(a.out, "已写出答复包 %s：%d 条意见的办理情况，签名钥匙 %s。把它放进各展示屏的收件箱（或同步的文件夹），展示屏导入后居民就能凭回执号查到。\n",
		dir, n, key.Public().Short())
	return 0
}

// openDistrict opens an existing district database: a wrong path must not
// make an empty one.
func (a *app) openDistrict(ctx context.Context, name string) (*collect.DB, int) {
	if st, err := os.Stat(name); err != nil || st.IsDir() {
		fmt.Fprintf(a.out, "找不到区里的数据库 %s（先用 qingfeng collect 汇总）\n", name)
		return nil, 1
	}
	db, err := collect.Open(ctx, name)
	if err != nil {
		fmt.Fprintln(a.out, "无法打开区里的数据库：", err)
		return nil, 1
	}
	return db, 0
}
