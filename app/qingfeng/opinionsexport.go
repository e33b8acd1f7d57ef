package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/opinionexport"
	"qingfeng/content/seal"
	"qingfeng/content/sheet"
	"qingfeng/content/store"
)

// exportOpinions writes every opinion stored at this kiosk, oldest first,
// with the office's handling from the installed replies, to an .xlsx or
// .csv file for the office (content/opinionexport). Names and phone
// numbers are filled in only with the office's private key (--key).
func (a *app) exportOpinions(ctx context.Context, out, keyPath string) int {
	ext := strings.ToLower(filepath.Ext(out))
	if out == "" || (ext != ".xlsx" && ext != ".csv") {
		fmt.Fprintln(a.out, "用法：qingfeng opinions export [--data DIR] --out FILE.xlsx|FILE.csv [--key office.key]")
		return 2
	}
	var priv *seal.Private
	if keyPath != "" {
		k, err := seal.ReadPrivateFile(keyPath)
		if err != nil {
			fmt.Fprintln(a.out, "无法读取办公室私钥：", err)
			return 1
		}
		priv = &k
		if pub := a.cfg.Opinions.PublicKey; pub != nil && *pub != k.Public() {
			fmt.Fprintf(a.out, "注意：%s 与本机配置的公钥 %s 不是一对\n", keyPath, a.cfg.Opinions.OfficeKey)
		}
	}
	// Opening the store would create an empty one: a mistyped --data must
	// say so, not export nothing.
	if _, err := os.Stat(filepath.Join(a.cfg.DataDir, store.DBFile)); err != nil {
		fmt.Fprintf(a.out, "数据文件夹 %s 里没有意见数据库：%v\n", a.cfg.DataDir, err)
		return 1
	}
	return a.withStore(ctx, func(st *store.Store) int {
		ops, err := st.Opinions(ctx, time.Time{})
		if err != nil {
			fmt.Fprintln(a.out, "无法读取意见：", err)
			return 1
		}
		rows, sum, err := a.opinionRows(ctx, st, ops, priv)
		if err != nil {
			fmt.Fprintln(a.out, "导出失败：", err)
			return 1
		}
		write := sheet.WriteCSV
		if ext == ".xlsx" {
			write = opinionexport.WriteXLSX
		}
		if err := durable.WriteFunc(out, 0o600, func(w io.Writer) error { return write(w, rows) }); err != nil {
			fmt.Fprintln(a.out, "无法写入导出文件：", err)
			return 1
		}
		fmt.Fprintf(a.out, "已导出 %d 条意见（待核查 %d 条，留了联系方式 %d 条，已有办理情况 %d 条）到 %s\n", len(ops), sum.held, sum.sealed, sum.handled, out)
		switch {
		case sum.sealed == 0:
		case priv == nil:
			fmt.Fprintln(a.out, "姓名和电话已加密，表中显示为“（已加密）”；用 --key 指定办公室私钥才能看到。")
		case sum.unreadable > 0:
			fmt.Fprintf(a.out, "注意：%d 条联系方式用这把私钥打不开（可能是更换密钥之前留下的），表中显示为“（无法解密）”。\n", sum.unreadable)
		}
		return 0
	})
}

type exportSummary struct{ held, sealed, unreadable, handled int }

// opinionRows is opinionexport.Rows in this kiosk's time zone, with the
// replies st has installed and progress lines for a long export.
func (a *app) opinionRows(ctx context.Context, st *store.Store, ops []store.StoredOpinion, priv *seal.Private) ([][]string, exportSummary, error) {
	replies, err := st.OpinionReplies(ctx)
	if err != nil {
		return nil, exportSummary{}, err
	}
	// A few hundred rows take no time; progress lines would only be noise.
	var progress func(string, int, int)
	if len(ops) >= 1000 {
		progress = a.progress()
	}
	rows, sum, err := opinionexport.Rows(ctx, ops, replies, priv, a.cfg.location, progress)
	return rows, exportSummary{held: sum.Held, sealed: sum.Sealed, unreadable: sum.Unreadable, handled: sum.Handled}, err
}
