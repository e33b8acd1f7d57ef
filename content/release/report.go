package release

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"qingfeng/content"
)

// Report is the Chinese text left beside a release in the inbox: which
// version, what the kiosk did with it, and what to do when it refused.
// err nil means it was installed and the kiosk is restarting on it.
func Report(source, version, running string, err error, at time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	var b strings.Builder
	b.WriteString("清风展示屏 · 程序更新报告\n")
	b.WriteString("==============================\n")
	fmt.Fprintf(&b, "更新包：%s\n", content.Printable(filepath.Base(source)))
	fmt.Fprintf(&b, "时间：%s\n", at.In(loc).Format("2006-01-02 15:04:05"))
	if version != "" {
		fmt.Fprintf(&b, "新版本：%s　本机原来的版本：%s\n", content.Printable(version), content.Printable(running))
	}
	if err == nil {
		b.WriteString("结果：已经装好，展示屏正在换用新版本重新启动（大约一分钟）。\n")
		fmt.Fprintf(&b, "如果新版本 %d 秒内没有启动好，或者 %d 分钟里出错 %d 次，展示屏会自己换回原来的版本，并在下一次状态报告里告诉区里。\n",
			int(ReadyWithin/time.Second), int(Window/time.Minute), MaxFailures)
		return b.String()
	}
	b.WriteString("结果：没有更新，展示屏继续用原来的版本\n")
	var r *Refusal
	if errors.As(err, &r) {
		fmt.Fprintf(&b, "原因：%s\n", content.Printable(r.Words))
	} else {
		fmt.Fprintf(&b, "原因：装的时候出了错（%s）\n", content.Printable(err.Error()))
	}
	b.WriteString("\n怎么办：把这份报告交给区里的技术人员；程序更新包由区里签发，不要自己改动里面的文件。\n")
	return b.String()
}

// NeverFinished is why a release was set aside after the kiosk stopped
// while installing it (a power cut, most likely): nothing was switched.
const NeverFinished = "上次安装这个程序更新包时没有装完：展示屏在安装过程中停止了，可能是断电。" +
	"为了安全，它被放到了一边，展示屏继续用原来的版本。" +
	"请把这个更新包重新放进收件箱，展示屏会再装一次；如果又出现这份报告，请把它交给区里的技术人员"
