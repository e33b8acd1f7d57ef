package outbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"qingfeng/content/sign"
)

// SignedFormat names the envelope a kiosk writes each batch in: the kiosk's
// public key, its signature, and the batch itself.
//
// The signature is over the exact bytes of the batch as they stand in the
// file (the "batch" member), so nothing is re-encoded to be checked, and
// the envelope keeps a batch one file: Syncthing and a stick carry it
// whole, there is no second file that can arrive later, go missing or be
// paired with the wrong batch. A collector that predates signing reads the
// envelope's format as one it does not know and merges nothing.
const SignedFormat = "qingfeng-outbox-signed 1"

// MaxFileBytes bounds a batch file, checked before it is read: a kiosk
// writes a batch a minute, a few kilobytes; this leaves room for one that
// carries weeks of a busy hall's usage.
const MaxFileBytes = 32 << 20

// Encode is batch b's file, signed with the kiosk's key k. The batch is
// indented, for people reading the file.
func Encode(b Batch, k sign.Private) ([]byte, error) {
	inner, err := json.MarshalIndent(b, " ", " ")
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return sign.Seal(SignedFormat, "batch", inner, k), nil
}

// File is a batch file as read: the batch, and the key it is signed with.
type File struct {
	Batch Batch
	Key   sign.Public
}

// ReadFile reads the batch file name and checks its size, its form and its
// signature (not its content: see Batch.Check). A problem with the file is
// a *Refusal; an error reading it is returned as it is.
func ReadFile(name string) (File, error) {
	f, err := os.Open(name)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return File{}, err
	}
	if st.Size() > MaxFileBytes {
		return File{}, refuse(KindSize, "文件有 %s，批次文件最大 %s：这不是展示屏写的批次（展示屏每分钟写一个，只有几 KB）。请查明它从哪里来", mib(st.Size()), mib(MaxFileBytes))
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return File{}, err
	}
	if len(data) > MaxFileBytes { // it grew while being read
		return File{}, refuse(KindSize, "文件超过 %s，批次文件最大 %s。请查明它从哪里来", mib(int64(len(data))), mib(MaxFileBytes))
	}
	return Decode(data)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// Decode reads a batch file's bytes (see ReadFile).
func Decode(data []byte) (File, error) {
	// One pass reads the envelope, or the format of a file that is none.
	env, err := sign.OpenEnvelope(data, "batch")
	if err != nil {
		return File{}, refuse(KindFormat, "不是完整的批次文件（%s）：可能没有复制完，或者被改坏了。请从展示屏的发件箱重新复制这个文件", jsonWords(err))
	}
	switch env.Format {
	case SignedFormat:
	case Format:
		// Written by a kiosk of an earlier version: anyone could have
		// written or edited it, so it is not merged.
		return File{Batch: batchNames(data)}, refuse(KindUnsigned, "没有签名：这是旧版本展示屏写的批次，也可能是别人伪造的，无法确认来自展示屏，没有汇总。请把展示屏升级到新版本（以后的批次都会签名）；这个文件里的意见可以在展示屏上用“qingfeng opinions export”导出")
	default:
		return File{}, refuse(KindFormat, "不是批次文件：格式是“%s”，应为“%s”", shorten(env.Format), SignedFormat)
	}
	key, err := env.Check()
	if errors.Is(err, sign.ErrEnvelopeKey) {
		return File{}, refuse(KindSignature, "签名钥匙写得不对：文件被改过，没有汇总。请查明它从哪里来")
	}
	if err != nil {
		return File{Key: key}, refuse(KindSignature, "签名对不上：文件在展示屏写出以后被改过（或是伪造的），没有汇总。请查明它从哪里来；展示屏发件箱里的原文件可以重新复制过来")
	}
	if r := tooManyRecords(env.Inner); r != nil {
		return File{Batch: batchNames(env.Inner), Key: key}, r
	}
	var b Batch
	if err := json.Unmarshal(env.Inner, &b); err != nil {
		return File{Key: key}, refuse(KindFormat, "签名对得上，但批次内容读不了（%s）：展示屏的程序可能有问题，请交给技术人员检查", jsonWords(err))
	}
	if b.Format != Format {
		return File{Batch: b, Key: key}, refuse(KindFormat, "签名对得上，但批次的格式是“%s”，应为“%s”：请把汇总用的清风程序升级到和展示屏一样的版本", shorten(b.Format), Format)
	}
	return File{Batch: b, Key: key}, nil
}

// jsonWords says where encoding/json stopped, for a person.
func jsonWords(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("第 %d 个字节处格式错误", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("“%s”的值不对：不能是 %s", typ.Field, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "文件在中途断了"
	}
	return err.Error()
}

// batchNames reads only a batch's id and site, for the record of a refused
// file: its records are skipped, not decoded.
func batchNames(data []byte) Batch {
	var b struct {
		ID   string `json:"batch"`
		Site string `json:"site"`
	}
	json.Unmarshal(data, &b)
	return Batch{ID: b.ID, Site: b.Site}
}

// tooManyRecords counts a batch's opinions and views before they are
// decoded, and refuses more than Check allows. A signature only says which
// key wrote a batch (the key is compared with the site's registered one
// later), and 32 MB of empty records ("{},") decode to ten million structs:
// gigabytes, enough to end the collector. Anything it cannot follow is
// left to json.Unmarshal to report.
func tooManyRecords(raw []byte) *Refusal {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		key, _ := t.(string)
		// encoding/json matches field names regardless of case.
		opinions, views := strings.EqualFold(key, "opinions"), strings.EqualFold(key, "views")
		if !opinions && !views {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil
		}
		most, what := MaxOpinions, "意见"
		if views {
			most, what = MaxViews, "浏览记录"
		}
		for n := 1; dec.More(); n++ {
			if n > most {
				return refuse(KindContent, "内容超出展示屏会写的范围，整个批次没有汇总：有超过 %d 条%s，一个批次最多 %d 条。展示屏不会写这样的批次：请查明它从哪里来，或把文件交给技术人员检查", most, what, most)
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil
		}
	}
	return nil
}
