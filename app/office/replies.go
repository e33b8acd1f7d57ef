package office

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"qingfeng/content/collect"
	"qingfeng/content/parse"
	"qingfeng/content/replies"
	"qingfeng/content/sign"
)

// RepliesImport is `qingfeng replies import --db DISTRICT.db FILE.xlsx`:
// the office's answers, filled into the workbook's 意见办理 sheet, into
// the district database; every row checked, all applied or none.
func (e *Env) RepliesImport(ctx context.Context, dbPath, xlsx string) int {
	db, code := e.openDistrict(ctx, dbPath)
	if db == nil {
		return code
	}
	defer db.Close()
	res, problems, err := replies.Import(ctx, db, xlsx, replies.Options{Location: e.Loc})
	switch {
	case errors.Is(err, replies.ErrRefused):
		for _, p := range problems {
			fmt.Fprintln(e.Out, p)
		}
		fmt.Fprintf(e.Out, "表格有 %d 处问题，什么都没有改。请按上面每一条说的办法处理（在表格里改好，或导出新的表格再填写）后再导入。\n", len(problems))
		return 1
	case err != nil:
		fmt.Fprintln(e.Out, "导入出错，什么都没有改：", err)
		return 1
	}
	made := "这张表格没有导出时间（旧版本导出的）：已经办理过的意见，只导入了和数据库一样的行"
	if !res.Made.IsZero() {
		made = "表格导出于 " + res.Made.In(e.Loc).Format("2006-01-02 15:04")
	}
	fmt.Fprintf(e.Out, "已导入（%s）：%d 行里 %d 条意见的办理情况有变化，%d 条没有变。下一步用 qingfeng replies pack 写出答复包发给各展示屏。要再改答复，请重新运行 qingfeng collect，在新导出的表格上填写。\n",
		made, res.Rows, res.Changed, res.Unchanged)
	return 0
}

// RepliesPack is `qingfeng replies pack --db DISTRICT.db --key publisher.key
// --out DIR`: the signed package of replies for every kiosk.
func (e *Env) RepliesPack(ctx context.Context, dbPath, keyFile, out, district string) int {
	key, err := sign.ReadPrivateFile(keyFile)
	if err != nil {
		fmt.Fprintln(e.Out, "无法读取签名私钥：", err)
		return 1
	}
	db, code := e.openDistrict(ctx, dbPath)
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
		_, err = WriteSignature(dir, src, id, version, key)
		return err
	}
	dir, n, err := replies.WritePack(ctx, db, out, district, time.Now(), e.Loc, signer)
	switch {
	case errors.Is(err, replies.ErrDistrict):
		fmt.Fprintf(e.Out, "区的名称“%s”不行：只能用小写英文字母、数字和“-”。\n", district)
		return 2
	case err != nil:
		fmt.Fprintln(e.Out, "无法写出答复包：", err)
		return 1
	}
	fmt.Fprintf(e.Out, "已写出答复包 %s：%d 条意见的办理情况，签名钥匙 %s。把它放进各展示屏的收件箱（或同步的文件夹），展示屏导入后居民就能凭回执号查到。\n",
		dir, n, key.Public().Short())
	return 0
}

// openDistrict opens an existing district database: a wrong path must not
// make an empty one.
func (e *Env) openDistrict(ctx context.Context, name string) (*collect.DB, int) {
	if st, err := os.Stat(name); err != nil || st.IsDir() {
		fmt.Fprintf(e.Out, "找不到区里的数据库 %s（先用 qingfeng collect 汇总）\n", name)
		return nil, 1
	}
	db, err := collect.Open(ctx, name)
	if err != nil {
		fmt.Fprintln(e.Out, "无法打开区里的数据库：", err)
		return nil, 1
	}
	return db, 0
}
