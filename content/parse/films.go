package parse

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"qingfeng/content"
)

// dirVideos holds a package's films (视频/): NAME.mp4 or NAME.webm, and
// beside it, by the same name, NAME.srt (subtitles), NAME.jpg or NAME.png
// (the cover; else a frame of the film) and NAME.yaml (title, category).
const dirVideos = "videos"

// FilmProber looks inside a video file with the decoders the kiosk's
// player uses, in a child process bounded in time: a film it cannot
// decode is refused at import rather than stay black in front of a
// visitor. app/qingfeng gives content/ffmpeg's.
type FilmProber interface {
	Probe(ctx context.Context, file string) (FilmProbe, error)
}

// FilmProbe is what a prober found in a film.
type FilmProbe struct {
	Container  string // "mp4", "webm"
	VideoCodec string // "h264", "vp8", "vp9", "av1"
	AudioCodec string // "" if the film is silent
	Width      int
	Height     int
	Duration   time.Duration
	// Cover is a JPEG of a frame from early in the film, no larger than a
	// screen; nil if none was asked or could be cut.
	Cover []byte
}

var filmFormats = map[string]string{".mp4": "mp4", ".m4v": "mp4", ".webm": "webm"}

// filmCodecs are the codecs each container may hold: what Debian's mpv
// decodes on every board (H.264 in hardware on most), and what the
// district's tools export.
var filmCodecs = map[string]struct{ video, audio []string }{
	"mp4":  {[]string{"h264"}, []string{"", "aac", "mp3"}},
	"webm": {[]string{"vp8", "vp9", "av1"}, []string{"", "vorbis", "opus"}},
}

// filmHint is how a clerk makes a film the kiosk plays.
const filmHint = "请用视频软件（例如格式工厂、剪映）重新导出为MP4（H.264视频、AAC声音）"

// isFilmPicture says whether p is a cover picture beside a film: read as
// a media file.
func isFilmPicture(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".jpg" || ext == ".jpeg" || ext == ".png"
}

// readFilms reads the films under videos/ with their subtitles, sidecars
// and covers (the covers already read as media).
func (r *reader) readFilms(ctx context.Context, files []*file) {
	byBase := map[string][]*file{}
	var bases []string
	for _, f := range files {
		base := strings.TrimSuffix(f.path, path.Ext(f.path))
		if byBase[base] == nil {
			bases = append(bases, base)
		}
		byBase[base] = append(byBase[base], f)
	}
	slices.Sort(bases)
	for _, base := range bases {
		var video, srt, side *file
		for _, f := range byBase[base] {
			switch ext := strings.ToLower(path.Ext(f.path)); {
			case filmFormats[ext] != "":
				if video != nil {
					r.ps.Errorf(f.path, 0, "和“%s”同名的视频有两个，请改掉其中一个的名字", path.Base(video.path))
					continue
				}
				video = f
			case ext == ".srt":
				srt = f
			case ext == ".yaml" || ext == ".yml":
				side = f
			case ext == ".mkv" || ext == ".avi" || ext == ".wmv" || ext == ".mov" || ext == ".flv" || ext == ".rmvb" || ext == ".mpg":
				r.ps.Errorf(f.path, 0, "展示屏只播放MP4和WebM视频，这是%s格式。%s", strings.ToUpper(ext[1:]), filmHint)
			case ext == ".ass" || ext == ".ssa" || ext == ".vtt":
				r.ps.Errorf(f.path, 0, "字幕只能用SRT格式（.srt），这是%s。请用字幕软件另存为SRT", strings.ToUpper(ext[1:]))
			default:
				r.ps.Warnf(f.path, 0, "视频文件夹里不认识这个文件，已忽略：这里只放视频（.mp4、.webm）和与它同名的字幕（.srt）、封面图片（.jpg、.png）、说明（.yaml）")
			}
		}
		if video == nil {
			for _, f := range []*file{srt, side} {
				if f != nil {
					r.ps.Warnf(f.path, 0, "找不到与它同名的视频（%s.mp4 或 .webm），已忽略", path.Base(base))
				}
			}
			continue
		}
		if len(r.pkg.Films) >= content.MaxFilmsPerPkg {
			r.ps.Errorf(video.path, 0, "一个内容包最多放%d部视频，这一部没有读，请分成几个内容包", content.MaxFilmsPerPkg)
			continue
		}
		if ctx.Err() != nil {
			return
		}
		r.readFilm(ctx, base, video, srt, side)
	}
}

func (r *reader) readFilm(ctx context.Context, base string, video, srt, side *file) {
	lim := r.opts.Limits
	fm := content.Film{ID: path.Base(base), File: video.path, Title: path.Base(base)}
	if video.size > lim.MaxVideoBytes {
		r.ps.Errorf(video.path, 0, "视频文件太大（超过%s的上限）。%s，或剪短一些", humanBytes(lim.MaxVideoBytes), filmHint)
		return
	}
	if video.size == 0 {
		r.ps = append(r.ps, content.Problem{File: video.path, Severity: content.Error, Incomplete: true, Msg: "文件是空的（0字节），可能没有复制完整"})
		return
	}
	format := filmFormats[strings.ToLower(path.Ext(video.path))]
	// A copy of its own: the prober reads a file, and what it checked is
	// then what is installed even if the stick changes meanwhile.
	name, sum, size, err := r.src.photos.writeFile("film-*."+format, func(w io.Writer) error {
		rc, err := video.open()
		if err != nil {
			return err
		}
		defer rc.Close()
		n, err := io.Copy(w, io.LimitReader(rc, lim.MaxVideoBytes+1))
		if err == nil && n > lim.MaxVideoBytes {
			err = errTooLarge
		}
		return err
	})
	if err == errTooLarge {
		r.ps.Errorf(video.path, 0, "视频文件太大（超过%s的上限）。%s，或剪短一些", humanBytes(lim.MaxVideoBytes), filmHint)
		return
	}
	if err != nil {
		r.ps = append(r.ps, content.Problem{File: video.path, Severity: content.Error, Err: err, Msg: "无法读取这个视频（U盘是否被拔出？临时文件夹满了？）"})
		return
	}
	video.recordSum(sum)
	m := content.Media{Path: video.path, Kind: content.Video, Format: format, Size: size, SHA256: hex.EncodeToString(sum[:]),
		Open: func() (io.ReadCloser, error) { return os.Open(name) }}
	if !r.checkFilmHeader(video.path, name, format) {
		return
	}
	var probe FilmProbe
	if r.opts.Films != nil {
		probe, err = r.opts.Films.Probe(ctx, name)
		if err != nil {
			r.ps = append(r.ps, content.Problem{File: video.path, Severity: content.Error, Err: err,
				Msg: "这个视频无法解码（文件损坏、没有复制完，或里面的编码展示屏播放不了）。" + filmHint})
			return
		}
		if !r.checkProbe(video.path, format, probe) {
			return
		}
	}
	m.Width, m.Height = probe.Width, probe.Height
	fm.Width, fm.Height, fm.Duration = probe.Width, probe.Height, probe.Duration
	if side != nil {
		r.readFilmSidecar(side, &fm)
	}
	if srt != nil {
		if srt.size > maxSRTBytes {
			r.ps.Errorf(srt.path, 0, "字幕文件太大（超过%s的上限）", humanBytes(maxSRTBytes))
		} else if text, ok := r.readText(srt); ok {
			fm.Subtitles = parseSRT(text, srt.path, &r.ps)
		}
	}
	for _, ext := range []string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"} {
		if r.media[base+ext] != nil {
			fm.Cover = base + ext
			break
		}
	}
	if fm.Cover == "" && len(probe.Cover) > 0 {
		if cover, ok := r.filmCover(video.path, probe.Cover); ok {
			r.pkg.Media = append(r.pkg.Media, cover)
			fm.Cover = cover.Path
		}
	}
	r.pkg.Media = append(r.pkg.Media, m)
	r.pkg.Films = append(r.pkg.Films, fm)
}

// checkFilmHeader looks at the first bytes: a file that is no MP4 or
// WebM at all (a renamed document, a web page) is said so in plain words.
func (r *reader) checkFilmHeader(file, name, format string) bool {
	f, err := os.Open(name)
	if err != nil {
		r.ps = append(r.ps, content.Problem{File: file, Severity: content.Error, Err: err, Msg: "无法读取这个视频"})
		return false
	}
	defer f.Close()
	head := make([]byte, 12)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ok := false
	switch format {
	case "mp4":
		ok = len(head) >= 8 && string(head[4:8]) == "ftyp"
	case "webm":
		ok = bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3})
	}
	if !ok {
		r.ps.Errorf(file, 0, "这个文件不是%s视频（可能是改了扩展名的别的文件，或文件已损坏）。%s", strings.ToUpper(format), filmHint)
	}
	return ok
}

// checkProbe holds what the prober found against the limits.
func (r *reader) checkProbe(file, format string, p FilmProbe) bool {
	lim := r.opts.Limits
	codecs := filmCodecs[format]
	switch {
	case p.VideoCodec == "":
		r.ps.Errorf(file, 0, "这个文件里没有画面，只有声音。%s", filmHint)
	case !slices.Contains(codecs.video, p.VideoCodec):
		r.ps.Errorf(file, 0, "视频画面是%s编码，展示屏播放不了。%s", strings.ToUpper(p.VideoCodec), filmHint)
	case !slices.Contains(codecs.audio, p.AudioCodec):
		r.ps.Errorf(file, 0, "视频的声音是%s编码，展示屏播放不了。%s", strings.ToUpper(p.AudioCodec), filmHint)
	case p.Width <= 0 || p.Height <= 0 || int64(p.Width)*int64(p.Height) > lim.MaxVideoPixels:
		r.ps.Errorf(file, 0, "视频画面 %d×%d 太大，展示屏最大播放1920×1080。请导出为1080P或720P", p.Width, p.Height)
	case p.Duration <= 0:
		r.ps.Errorf(file, 0, "读不出这个视频的时长，文件可能没有复制完整。%s", filmHint)
	case p.Duration > lim.MaxVideoDuration:
		r.ps.Errorf(file, 0, "视频长%s，超过%s的上限，请剪短或分成几段", p.Duration.Round(time.Second), lim.MaxVideoDuration)
	default:
		return true
	}
	return false
}

// filmCover makes the frame a prober cut into the film's cover picture,
// with its thumbnail, stored like any other picture.
func (r *reader) filmCover(file string, data []byte) (content.Media, bool) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > 1920*1088 {
		r.ps.Warnf(file, 0, "没能从视频里截出封面，列表里将显示一个图标")
		return content.Media{}, false
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		r.ps.Warnf(file, 0, "没能从视频里截出封面，列表里将显示一个图标")
		return content.Media{}, false
	}
	m := content.Media{Path: file + ".cover.jpg", Kind: content.Image, Format: "jpeg", Size: int64(len(data)),
		Width: cfg.Width, Height: cfg.Height, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	sum := sha256.Sum256(data)
	m.SHA256 = hex.EncodeToString(sum[:])
	if r.opts.Thumbnails {
		tw, th := thumbSize(cfg.Width, cfg.Height)
		if m.Thumb, err = thumbnailTo(img, tw, th); err != nil {
			r.ps.Warnf(file, 0, "没能从视频里截出封面，列表里将显示一个图标")
			return content.Media{}, false
		}
	}
	if !r.hold(file, int64(len(data)+len(m.Thumb))) {
		return content.Media{}, false
	}
	return m, true
}

// readFilmSidecar reads NAME.yaml: the film's title and category.
func (r *reader) readFilmSidecar(f *file, fm *content.Film) {
	text, ok := r.readText(f)
	if !ok {
		return
	}
	m, ok := parseYAML(text, f.path, 0, &r.ps)
	if !ok {
		return
	}
	m.checkKeys("title", "category")
	if t := m.str("title", false); t != "" {
		if n := len([]rune(t)); n > content.MaxFilmTitle {
			r.ps.Errorf(f.path, m.line("title"), "标题有%d个字，太长了（上限%d个字）", n, content.MaxFilmTitle)
		} else {
			fm.Title = t
		}
	}
	fm.Category = m.str("category", false)
	if n := len([]rune(fm.Category)); n > content.MaxCategoryLen {
		r.ps.Errorf(f.path, m.line("category"), "分类“%s”太长了（上限%d个字）", shorten(fm.Category), content.MaxCategoryLen)
		fm.Category = ""
	}
}

func (fp FilmProbe) String() string {
	return fmt.Sprintf("%s %s/%s %dx%d %s", fp.Container, fp.VideoCodec, fp.AudioCodec, fp.Width, fp.Height, fp.Duration)
}
