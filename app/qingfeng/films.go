package main

import (
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"time"

	"fyne.io/fyne/v2"

	"qingfeng/content/store"
	"qingfeng/exhibits/film"
	"qingfeng/kiosk"
)

// filmLibrary gives the kiosk the installed films from the store.
type filmLibrary struct{ st *store.Store }

func filmCard(f store.FilmItem) kiosk.FilmCard {
	return kiosk.FilmCard{PkgID: f.PackageID, ID: f.ID, Title: f.Title, Category: f.Category, Thumb: f.Thumb, Duration: f.Duration}
}

func (l filmLibrary) Films(ctx context.Context, now time.Time) ([]kiosk.FilmCard, error) {
	list, err := l.st.Films(ctx, now)
	out := make([]kiosk.FilmCard, 0, len(list))
	for _, f := range list {
		out = append(out, filmCard(f))
	}
	return out, err
}

func (l filmLibrary) Film(ctx context.Context, now time.Time, pkgID, id string) (kiosk.FilmPage, bool, error) {
	f, ok, err := l.st.Film(ctx, now, pkgID, id)
	return kiosk.FilmPage{FilmCard: filmCard(f.FilmItem), Video: f.Video, Cues: f.Cues}, ok, err
}

// filmPlayer plays films with mpv over the kiosk's window: the area the
// kiosk gives, in canvas units, made pixels with the window's scale (the
// kiosk's window covers the screen from its top left corner).
type filmPlayer struct {
	w     fyne.Window
	log   *slog.Logger
	extra []string // more mpv options (tests)
}

// newFilmPlayer is the player, or nil (no 观看视频 tile) without mpv.
func newFilmPlayer(w fyne.Window, log *slog.Logger) kiosk.FilmPlayer {
	if _, err := exec.LookPath("mpv"); err != nil {
		log.Warn("mpv is not installed: films are not offered (Debian package mpv)", "err", err)
		return nil
	}
	return &filmPlayer{w: w, log: log}
}

func (p *filmPlayer) PlayFilm(file string, a kiosk.FilmArea) (kiosk.FilmRun, error) {
	scale := p.w.Canvas().Scale()
	px := func(v float32) int { return int(v*scale + 0.5) }
	opt := film.Options{X: px(a.X), Y: px(a.Y), W: px(a.W), H: px(a.H), Log: p.log, Extra: p.extra}
	r, err := film.Play(file, opt)
	if err != nil {
		return nil, err
	}
	p.log.Info("film: playing", "file", file, "at", fmt.Sprintf("%dx%d+%d+%d", opt.W, opt.H, opt.X, opt.Y))
	go func() {
		<-r.Ready()
		p.log.Info("film: first frame", "file", file, "after", r.Stats().FirstFrame)
		<-r.Done()
		st := r.Stats()
		p.log.Info("film: ended", "file", file, "dropped", st.Dropped, "decoder_dropped", st.Decoder)
	}()
	return filmRun{r}, nil
}

// filmRun is a film.Run as the kiosk sees it.
type filmRun struct{ *film.Run }

func (r filmRun) Result() kiosk.ExhibitResult { return kiosk.ExhibitResult{Err: r.Err()} }
