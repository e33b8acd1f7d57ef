package parse

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"image"
	_ "image/jpeg" // registers the JPEG header reader (DecodeConfig)
	_ "image/png"  // registers the PNG decoder
	"io"
	"path"
	"strconv"
	"strings"

	"golang.org/x/sync/semaphore"

	"qingfeng/content"
	"qingfeng/content/jpegturbo"
)

// Thumbnail bounds: a story card at 1080p is about this size; making it once
// at import keeps full-size decodes out of every list the kiosk draws.
const (
	ThumbWidth  = 480
	ThumbHeight = 360
)

// photoQuality is the JPEG quality a turned or reduced photo is stored at:
// about what phones write, so the second generation shows no loss on a
// screen.
const photoQuality = 90

// heicHint is the answer to a photo in Apple's (and some Android phones')
// HEIC format, which the kiosk cannot decode.
const heicHint = "这是HEIC格式的手机照片，展示屏显示不了。请把照片转成 JPG 再放进来（苹果手机：设置→相机→格式里选“兼容性最佳”；也可以用微信发给自己再保存，或用看图软件“另存为”JPG）"

var mediaFormats = map[string]struct {
	kind   content.MediaKind
	format string
}{
	".jpg":  {content.Image, "jpeg"},
	".jpeg": {content.Image, "jpeg"},
	".png":  {content.Image, "png"},
	".mp3":  {content.Audio, "mp3"},
	".ogg":  {content.Audio, "ogg"},
}

// checkMedia reads one media file, checks it is what its name says and
// within limits, and fills in its digest, size and (for images) dimensions
// and thumbnail. It reports into its own Problems so it can run in parallel:
// decoding waits for its estimated cost in bytes from pixels, so pictures
// decoded (and audio files read) at once never take more than the budget
// together.
//
// When importing (thumbs), a JPEG whose EXIF orientation says it is turned
// or that is larger than any screen shows is made anew, upright and
// reduced (photo.go), into sp: the Media then describes and opens those
// bytes, while the file's own digest (what a signature covers) stays the
// one of the bytes read.
func checkMedia(ctx context.Context, f *file, lim content.Limits, thumbs bool, pixels *semaphore.Weighted, sp *spool) (content.Media, content.Problems) {
	var ps content.Problems
	m := content.Media{Path: f.path, Open: f.open}
	ext := strings.ToLower(path.Ext(f.path))
	mf, ok := mediaFormats[ext]
	if ext == ".heic" || ext == ".heif" {
		ps.Errorf(f.path, 0, "%s", heicHint)
		return m, ps
	}
	if !ok {
		ps.Errorf(f.path, 0, "不支持这种文件，media 里只能放 JPG、PNG 图片和 MP3、OGG 音频")
		return m, ps
	}
	m.Kind, m.Format = mf.kind, mf.format
	limit := lim.MaxImageBytes
	if m.Kind == content.Audio {
		limit = lim.MaxAudioBytes
	}
	if m.Kind == content.Audio && f.size <= limit {
		// Nothing is decoded from audio beyond its first frames, but the
		// whole file is read to be hashed and stored: several files of
		// the audio limit read at once would pass the budget alone.
		w := min(f.size, decodeBudget(lim))
		if err := pixels.Acquire(ctx, w); err != nil {
			ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "检查被中断"})
			return m, ps
		}
		defer pixels.Release(w)
	}
	data, err := readAll(f, limit)
	if errors.Is(err, errTooLarge) {
		ps.Errorf(f.path, 0, "文件太大（超过%s的上限）", humanBytes(limit))
		return m, ps
	}
	if err != nil {
		ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法读取这个文件（U盘是否被拔出？）"})
		return m, ps
	}
	if len(data) == 0 {
		ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Incomplete: true, Msg: "文件是空的（0字节），可能没有复制完整"})
		return m, ps
	}
	sum := f.sum // of data, recorded by readAll: the digest the signature is checked against
	m.SHA256 = hex.EncodeToString(sum[:])
	m.Size = int64(len(data))
	if m.Kind == content.Audio {
		if why := checkAudio(data, m.Format); why != "" {
			ps.Errorf(f.path, 0, "%s", why)
		}
		return m, ps
	}
	if imageFormat(data) == heicFormat {
		ps.Errorf(f.path, 0, "%s", heicHint)
		return m, ps
	}
	if kind := imageFormat(data); kind != "jpeg" && kind != "png" && kind != "" {
		ps.Errorf(f.path, 0, "图片是%s格式，展示屏只能显示JPG和PNG。请用画图或看图软件“另存为”JPG或PNG", kind)
		return m, ps
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err == nil && format != imageFormat(data) {
		err = errors.New("image: unknown format") // decoded by a decoder registered elsewhere
	}
	if err != nil {
		ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "图片已损坏或不是JPG/PNG格式，无法显示"})
		return m, ps
	}
	if format != m.Format {
		ps.Warnf(f.path, 0, "文件扩展名是%s，但内容其实是%s图片", ext, strings.ToUpper(format))
		m.Format = format
	}
	m.Width, m.Height = cfg.Width, cfg.Height
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > lim.MaxImagePixels {
		// Checked before decoding: a tiny file can claim a gigapixel canvas.
		ps.Errorf(f.path, 0, "图片尺寸 %d×%d 太大（上限 %d 万像素），请缩小后再放入", cfg.Width, cfg.Height, lim.MaxImagePixels/10000)
		return m, ps
	}
	if format == "jpeg" {
		if n := jpegturbo.Scans(data); n > jpegturbo.MaxScans {
			ps.Errorf(f.path, 0, "这张JPG图片有%d遍扫描（正常的图片只有1遍或十来遍，上限%d遍），展示屏解码它要很长时间。请用看图软件打开后“另存为”普通JPG再放入", n, jpegturbo.MaxScans)
			return m, ps
		}
	}
	// Photos are JPEGs: only they carry EXIF orientation and are reduced.
	orient, uw, uh, derive := orientUpright, cfg.Width, cfg.Height, false
	if format == "jpeg" {
		orient = jpegOrientation(data)
		uw, uh, derive = photoPlan(cfg.Width, cfg.Height, orient)
		derive = derive && thumbs // only an import stores what is made
	}
	cost, why := imageCost(data, cfg, format, thumbs)
	if derive {
		planes, progressive, comps := jpegturbo.GoCost(data, int64(cfg.Width), int64(cfg.Height))
		if progressive {
			planes /= 5 // the coefficients are gone once decoded
		}
		// The new JPEG goes to a file as it is encoded (spool.write).
		cost += deriveCost(cfg.Width, cfg.Height, uw, uh, orient, planes, comps != 3 && comps != 1)
	}
	if budget := decodeBudget(lim); cost > budget {
		ps.Errorf(f.path, 0, "这张%s图片（%d×%d）显示前需要约%s内存，超过%s的上限，请把图片缩小（例如宽不超过4000像素）并另存为普通JPG后再放入",
			why, cfg.Width, cfg.Height, humanBytes(cost), humanBytes(budget))
		return m, ps
	}
	if err := pixels.Acquire(ctx, cost); err != nil {
		ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "检查被中断"})
		return m, ps
	}
	defer pixels.Release(cost)
	var img image.Image
	if format == "jpeg" {
		// Decoded at the smallest scale still large enough for what is
		// made of it: the stored photo when it is made anew, else the
		// thumbnail; a check only (no thumbnails) at 1/8, which still
		// reads every coefficient, so a broken file is found as surely.
		denom := 8
		switch {
		case derive:
			sw, sh := storedSize(orient, uw, uh)
			denom = jpegturbo.ScaleFor(cfg.Width, cfg.Height, sw, sh)
		case thumbs:
			tw, th := thumbSize(cfg.Width, cfg.Height)
			denom = jpegturbo.ScaleFor(cfg.Width, cfg.Height, tw, th)
		}
		img, err = jpegturbo.Decode(data, denom, int64(cfg.Width)*int64(cfg.Height))
	} else {
		img, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Incomplete: true, Msg: "图片不完整或已损坏（可能没有复制完），无法显示"})
		return m, ps
	}
	if derive {
		up := uprightPhoto(img, orient, uw, uh)
		open, sum, size, err := sp.write(func(w io.Writer) error {
			return jpegturbo.Encode(w, up, photoQuality)
		})
		if err != nil {
			ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法保存转正或缩小后的照片（临时文件夹满了？）"})
			return m, ps
		}
		m.SHA256, m.Size, m.Open, m.Format = hex.EncodeToString(sum[:]), size, open, "jpeg"
		img = up
	}
	m.Width, m.Height = uw, uh
	if thumbs {
		tw, th := thumbSize(uw, uh)
		t, err := thumbnailTo(img, tw, th)
		if err != nil {
			ps = append(ps, content.Problem{File: f.path, Severity: content.Error, Err: err, Msg: "无法生成缩略图"})
			return m, ps
		}
		m.Thumb = t
	}
	return m, ps
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GB"
	case n >= 1<<20:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}
