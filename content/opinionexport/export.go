// Package opinionexport is the office's copy of a kiosk's opinions: the
// table of every stored opinion (contacts opened with the office's private
// key, or shown as sealed), with the office's handling of each as far as
// the packages of replies installed at the kiosk tell it, written as an
// .xlsx workbook or a .csv file an Excel on a Chinese Windows reads. A newcomer asked for "the opinions
// export" looks for it by that name. Its CSV is content/sheet's, as the
// usage and display-log exports' are.
//
// It imports the domain (content), content/seal, content/store (the
// stored opinions) and excelize.
package opinionexport

import (
	"context"
	"fmt"
	"time"

	"qingfeng/content"
	"qingfeng/content/seal"
	"qingfeng/content/store"
)

// Columns are the export's columns, in order: the opinion, then the
// office's handling as the district workbook names it (empty until a
// package of replies carries the receipt), then the resident's consent.
var Columns = []string{"回执号", "时间", "站点", "类别", "事项", "内容", "满意度", "待核查", "姓名", "电话",
	"办理状态", "承办单位", "答复内容", "答复日期", "是否公开", "同意公开"}

// How 是否公开 and 同意公开 are written, as in the district workbook.
const (
	Yes = "是"
	No  = "否"
)

func yesNo(b bool) string {
	if b {
		return Yes
	}
	return No
}

// What the contact columns say when they cannot show the contact.
const (
	ContactSealed     = "（已加密）"
	ContactUnreadable = "（无法解密）"
)

// wrongKeyError: the private key given opens none of the sealed contacts,
// so it is not the one the kiosk seals to. Worded for staff; it wraps
// seal.ErrOpen.
type wrongKeyError struct{ sealed int }

func (e *wrongKeyError) Error() string {
	return fmt.Sprintf("这把私钥打不开本机任何一条联系方式（共 %d 条），它不是本机所用公钥（office.pub）对应的那把私钥", e.sealed)
}

func (e *wrongKeyError) Unwrap() error { return seal.ErrOpen }

// Summary counts what an export holds.
type Summary struct {
	Held       int // marked for review by a hold word
	Sealed     int // with a sealed contact
	Unreadable int // sealed contacts the key given did not open
	Handled    int // with the office's handling, from an installed package of replies
}

// Rows turns opinions into table rows, header first, times in loc, opening
// the contacts with priv when it is given and filling the handling from
// replies (by receipt, as store.OpinionReplies gives them; nil is none).
// A key that opens none of the contacts is the wrong key: an error
// wrapping seal.ErrOpen. progress, if not nil, is told of each row.
func Rows(ctx context.Context, ops []store.StoredOpinion, replies map[string]content.Reply, priv *seal.Private, loc *time.Location, progress func(stage string, done, total int)) ([][]string, Summary, error) {
	var sum Summary
	rows := make([][]string, 0, len(ops)+1)
	rows = append(rows, Columns)
	for i, o := range ops {
		if err := ctx.Err(); err != nil {
			return nil, sum, err
		}
		held := ""
		if o.Held {
			sum.Held++
			held = "是"
			if o.HeldWord != "" {
				held = "是（" + o.HeldWord + "）"
			}
		}
		name, phone := "", ""
		if o.Contact != nil {
			sum.Sealed++
			name, phone = ContactSealed, ContactSealed
			if priv != nil {
				c, err := seal.OpenContact(*priv, o.Contact)
				if err != nil {
					sum.Unreadable++
					name, phone = ContactUnreadable, ContactUnreadable
				} else {
					name, phone = c.Name, c.Phone
				}
			}
		}
		status, unit, reply, replied, public := "", "", "", "", ""
		if r, ok := replies[o.Receipt]; ok {
			sum.Handled++
			status, unit, reply, public = string(r.Status), r.Unit, r.Text, yesNo(r.Public)
			if !r.Replied.IsZero() {
				// A day where the office is, kept as it wrote it.
				replied = r.Replied.Format("2006-01-02")
			}
		}
		rows = append(rows, []string{
			o.Receipt, o.At.In(loc).Format("2006-01-02 15:04:05"), o.Site, o.Category,
			o.Subject, o.Text, content.RatingWord(o.Rating), held, name, phone,
			status, unit, reply, replied, public, yesNo(o.Consent),
		})
		if progress != nil {
			progress("导出意见", i+1, len(ops))
		}
	}
	if priv != nil && sum.Sealed > 0 && sum.Unreadable == sum.Sealed {
		return nil, sum, &wrongKeyError{sealed: sum.Sealed}
	}
	return rows, sum, nil
}
