package replies

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"qingfeng/content"
	"qingfeng/content/collect"
	"qingfeng/content/durable"
	"qingfeng/content/parse"
)

// File is the one file of a package of replies, at its top.
const File = "replies.csv"

// CSVHeader is File's first row.
var CSVHeader = []string{"回执号", "办理状态", "类别", "收到日期", "转交日期", "承办单位", "答复日期", "答复内容", "是否公开", "意见内容"}

// DefaultDistrict names the package when the office gives no name.
const DefaultDistrict = "district"

// PackID is the id of district's package of replies.
func PackID(district string) string { return "replies-" + district }

// PackVersion is the version of a package made at t: its minute, so a
// pack made later replaces an earlier one on the kiosks.
func PackVersion(t time.Time) int { return int(t.Unix() / 60) }

// FromHandling is what the kiosks are told about one opinion: never a name
// or phone (a Handling has none), and the opinion's own text only when
// the resident agreed to it and the office made the reply public.
func FromHandling(h collect.Handling, loc *time.Location) content.Reply {
	r := content.Reply{Receipt: h.Receipt, Status: h.Status, Category: h.Category, Unit: h.Unit,
		Text: h.Reply, Public: h.Public, Received: midnight(h.Received, loc)}
	r.Forwarded, _ = time.ParseInLocation(collect.DateLayout, h.Forwarded, loc)
	r.Replied, _ = time.ParseInLocation(collect.DateLayout, h.Replied, loc)
	if h.Consent && h.Public {
		r.Opinion = maskNumbers(h.Text)
		// A kiosk reads at most as much of it as of an answer; a kiosk
		// configured for longer opinions could send more.
		if rs := []rune(r.Opinion); len(rs) > content.MaxReplyTextRunes {
			r.Opinion = string(rs[:content.MaxReplyTextRunes-1]) + "…"
		}
	}
	return r
}

// numberRun is a run of digits (ASCII or full-width), single spaces or
// dashes between them, and an ID card's final X.
var (
	numberRun = regexp.MustCompile(`[0-9０-９](?:[ \-－]?[0-9０-９])+[xXＸ]?`)
	dateRun   = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$`)
)

// maskNumbers is the resident's text with every run of seven digits or
// more written as asterisks: the resident agreed to publish the opinion
// without name or phone, but may have written a phone, an ID or a bank
// card number into it. A house number, an amount or a date stays.
func maskNumbers(s string) string {
	return numberRun.ReplaceAllStringFunc(s, func(run string) string {
		digits := 0
		for _, r := range run {
			if unicode.IsDigit(r) {
				digits++
			}
		}
		if digits < 7 || dateRun.MatchString(run) {
			return run
		}
		return strings.Map(func(r rune) rune {
			if r < utf8.RuneSelf {
				return '*'
			}
			return '＊'
		}, run)
	})
}

func midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// record is r as a row of File.
func record(r content.Reply) []string {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(collect.DateLayout)
	}
	public := collect.No
	if r.Public {
		public = collect.Yes
	}
	text := func(s string) string { return parse.QuoteCell(clean(s)) }
	return []string{r.Receipt, string(r.Status), text(r.Category), date(r.Received), date(r.Forwarded), text(r.Unit),
		date(r.Replied), text(r.Text), public, text(r.Opinion)}
}

// clean is s without the characters a kiosk refuses in replies.csv (see
// parse.UnsafeRune) nor zero-width ones (see visible). The import refuses
// or drops them in what the office types, but a category and the
// resident's own words come from a kiosk's batch, and one such character
// would make every kiosk refuse the whole pack.
func clean(s string) string {
	s = visible(s)
	if _, bad := parse.UnsafeRune(s); !bad {
		return s
	}
	return strings.Map(func(r rune) rune {
		if _, bad := parse.UnsafeRune(string(r)); bad {
			return -1
		}
		return r
	}, s)
}

// Signer signs the package in folder dir as package id, version: the
// manifest and its signature, written into dir.
type Signer func(dir, id string, version int) error

// ErrDistrict is returned by WritePack for a district's name that cannot
// be part of a package id.
var ErrDistrict = errors.New("replies: a district's name is lower-case letters, digits and '-'")

// WritePack writes district's package of replies into the folder out, as
// out/replies-DISTRICT: package.yaml and File (a row an opinion), signed
// by sign, its version now's minute or, if the pack it replaces there has
// that or a later one, the next. It is made in a temporary folder beside
// it (a name a kiosk's inbox and Syncthing pass over), read back as a
// kiosk reads it (a pack kiosks would refuse is a *RefusedError, and not
// written) and renamed into place whole, so an inbox never sees half a
// package; an earlier pack there is replaced, and temporary folders a
// power cut left are removed. It returns the folder and the number of
// replies: one an opinion, but for those whose receipt is not one a
// resident could type or is shared by two residents' opinions.
func WritePack(ctx context.Context, db *collect.DB, out, district string, now time.Time, loc *time.Location, sign Signer) (string, int, error) {
	if district == "" {
		district = DefaultDistrict
	}
	if !parse.ValidID(PackID(district)) { // the name becomes part of the package id
		return "", 0, fmt.Errorf("%w: %q", ErrDistrict, district)
	}
	if loc == nil {
		loc = chinaTime()
	}
	id := PackID(district)
	// Kiosks take only a newer version than they hold: a pack made again
	// within the minute, or on a clock that went back, follows the one
	// it replaces.
	version := max(PackVersion(now), placedVersion(filepath.Join(out, id))+1)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", 0, err
	}
	removeLeftovers(out, id)
	tmp, err := os.MkdirTemp(out, durable.TempPrefix+id+"-")
	if err != nil {
		return "", 0, err
	}
	defer os.RemoveAll(tmp) // gone once renamed; left by a failure, removed
	yaml := fmt.Sprintf("# 意见办理结果：由 qingfeng replies pack 写出，请勿手工修改（改动后签名不再有效）\nid: %s\ntitle: 意见办理结果\nversion: %d\n", id, version)
	if err := durable.WriteFile(filepath.Join(tmp, "package.yaml"), []byte(yaml), 0o644); err != nil {
		return "", 0, err
	}
	n := 0
	receiptAt := map[int]string{} // the line each row begins on → its receipt
	line := 2
	err = durable.WriteFunc(filepath.Join(tmp, File), 0o644, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.Write(CSVHeader); err != nil {
			return err
		}
		err := db.Handlings(ctx, func(h collect.Handling) error {
			// A receipt the keypad cannot type (a batch may carry any
			// letters) cannot be asked about, and a kiosk would refuse
			// the whole pack for its row.
			if _, ok := content.NormalizeReceipt(h.Receipt); !ok {
				return nil
			}
			// Two residents' opinions under one receipt: whoever typed
			// it would read the other's answer (and opinion).
			if h.Opinions > 1 {
				return nil
			}
			n++
			rec := record(FromHandling(h, loc))
			receiptAt[line] = h.Receipt
			for _, f := range rec {
				line += strings.Count(f, "\n")
			}
			line++
			return cw.Write(rec)
		})
		if err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return "", 0, err
	}
	if err := readBack(ctx, tmp, receiptAt); err != nil {
		return "", 0, err
	}
	if err := sign(tmp, id, version); err != nil {
		return "", 0, err
	}
	if err := durable.SyncDir(tmp); err != nil {
		return "", 0, err
	}
	dest := filepath.Join(out, id)
	if err := place(tmp, dest); err != nil {
		return "", 0, err
	}
	return dest, n, nil
}

// placedVersion is the version of the pack in the folder dir, 0 when
// there is none (or it cannot be read: then the minute decides).
func placedVersion(dir string) int {
	f, err := os.Open(filepath.Join(dir, "package.yaml"))
	if err != nil {
		return 0
	}
	defer f.Close()
	data, _ := io.ReadAll(io.LimitReader(f, 4<<10)) // WritePack's is a few lines
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "version:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return max(n, 0)
		}
	}
	return 0
}

// leftoverAge is how old a temporary folder of a pack must be for the
// next pack to take it for one a power cut left: making a pack takes
// seconds.
const leftoverAge = time.Hour

// removeLeftovers removes from out the temporary folders of pack id that
// a power cut or a crash left, while it was being made or moved aside
// (earlier versions named the latter TempPrefix+"old-…", holding a folder
// named id). Those younger than leftoverAge may be another pack's.
func removeLeftovers(out, id string) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(out, name)
		ours := strings.HasPrefix(name, durable.TempPrefix+id+"-")
		if !ours && strings.HasPrefix(name, durable.TempPrefix+"old-") {
			_, err := os.Stat(filepath.Join(p, id))
			ours = err == nil
		}
		if info, err := e.Info(); ours && err == nil && e.IsDir() && time.Since(info.ModTime()) > leftoverAge {
			os.RemoveAll(p)
		}
	}
}

// place renames the finished folder tmp to dest. An earlier pack at dest
// is first moved aside under a temporary name and removed after: dest is
// always a whole pack, the old or the new, or briefly absent.
func place(tmp, dest string) error {
	dir := filepath.Dir(dest)
	var old string
	if _, err := os.Stat(dest); err == nil {
		aside, err := os.MkdirTemp(dir, durable.TempPrefix+filepath.Base(dest)+"-old-")
		if err != nil {
			return err
		}
		old = filepath.Join(aside, filepath.Base(dest))
		if err := os.Rename(dest, old); err != nil {
			os.Remove(aside)
			return err
		}
		defer os.RemoveAll(aside)
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			os.Rename(old, dest)
		}
		return err
	}
	return durable.SyncDir(dir)
}

// RefusedError is returned by WritePack for a pack kiosks would refuse:
// its problems, as the office reads them. Its text is for the office.
type RefusedError struct{ Problems []string }

func (e *RefusedError) Error() string {
	return "展示屏会拒收这个答复包，所以没有写出：" + strings.Join(e.Problems, "；") +
		"。请在汇总表里改正这些意见的办理情况，重新 qingfeng replies import 后再写出"
}

// readBack reads the pack in dir as a kiosk reads it: a single row a
// kiosk refuses would make every kiosk refuse the whole pack. Its errors
// are a *RefusedError naming each row by its receipt (receiptAt: the line
// each row begins on).
func readBack(ctx context.Context, dir string, receiptAt map[int]string) error {
	src, err := parse.Open(dir)
	if err != nil {
		return err
	}
	defer src.Close()
	_, ps := parse.Read(ctx, src, parse.Options{})
	var refused RefusedError
	for _, p := range ps {
		if p.Severity != content.Error {
			continue
		}
		if r, ok := receiptAt[p.Line]; ok && p.File == File {
			refused.Problems = append(refused.Problems, "回执号 "+r+"："+p.Msg)
		} else {
			refused.Problems = append(refused.Problems, p.String())
		}
	}
	if len(refused.Problems) > 0 {
		return &refused
	}
	return nil
}
