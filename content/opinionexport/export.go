// Package opinionexport is the office's copy of a kiosk's opinions: the
// table of every stored opinion (contacts opened with the office's private
// key, or shown as sealed), written as an .xlsx workbook or a .csv file an
// Excel on a Chinese Windows reads. A newcomer asked for "the opinions
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

// Columns are the export's columns, in order.
var Columns = []string{"回执号", "时间", "站点", "类别", "事项", "内容", "满意度", "待核查", "姓名", "电话"}

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
}

// Rows turns opinions into table rows, header first, times in loc, opening
// the contacts with priv when it is given. A key that opens none of the
// contacts is the wrong key: an error wrapping seal.ErrOpen. progress, if
// not nil, is told of each row.
func Rows(ctx context.Context, ops []store.StoredOpinion, priv *seal.Private, loc *time.Location, progress func(stage string, done, total int)) ([][]string, Summary, error) {
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
		rows = append(rows, []string{
			o.Receipt, o.At.In(loc).Format("2006-01-02 15:04:05"), o.Site, o.Category,
			o.Subject, o.Text, content.RatingWord(o.Rating), held, name, phone,
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
