package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"qingfeng/content"
)

// FilmItem is an installed film as the 视频 list shows it: the files on
// disk of its video, its cover and the cover's thumbnail ("" if none).
type FilmItem struct {
	PackageID, ID string
	Title         string
	Category      string
	Video         string // file of the film
	Cover         string // file of its cover picture
	Thumb         string // file of the cover's thumbnail
	Duration      time.Duration
	Width, Height int
}

// Film is a film with its subtitles.
type Film struct {
	FilmItem
	Cues []content.Cue
}

// insertFilms writes the package's films, in the package's window.
func (w *writer) insertFilms(pkg *content.Package) error {
	for i, f := range pkg.Films {
		cues := make([][3]any, 0, len(f.Subtitles))
		for _, c := range f.Subtitles {
			cues = append(cues, [3]any{c.Start.Milliseconds(), c.End.Milliseconds(), c.Text})
		}
		js, err := json.Marshal(cues)
		if err != nil {
			return err
		}
		if err := w.exec(w.filmStmt, pkg.ID, f.ID, i, f.Title, f.Category, f.File, f.Cover, f.Duration.Milliseconds(),
			f.Width, f.Height, string(js), unixOrNull(pkg.Window.From), unixOrNull(pkg.Window.Until)); err != nil {
			return fmt.Errorf("film %s: %w", f.File, err)
		}
	}
	return nil
}

const filmCols = `t.package_id, t.id, t.title, t.category, coalesce(v.sha256, ''), coalesce(c.sha256, ''),
	coalesce(m.thumb_sha256, ''), t.duration_ms, t.width, t.height`

const filmJoins = ` LEFT JOIN package_media v ON v.package_id = t.package_id AND v.path = t.video
	LEFT JOIN package_media c ON t.cover <> '' AND c.package_id = t.package_id AND c.path = t.cover
	LEFT JOIN media m ON m.sha256 = c.sha256 `

func (s *Store) scanFilm(sc interface{ Scan(...any) error }, it *FilmItem, extra ...any) error {
	var video, cover, thumb string
	var ms int64
	if err := sc.Scan(append([]any{&it.PackageID, &it.ID, &it.Title, &it.Category, &video, &cover, &thumb, &ms,
		&it.Width, &it.Height}, extra...)...); err != nil {
		return err
	}
	it.Video, it.Cover, it.Thumb = s.MediaPath(video), s.MediaPath(cover), s.MediaPath(thumb)
	it.Duration = time.Duration(ms) * time.Millisecond
	return nil
}

// Films lists the films visible at now, by package and the order within it.
func (s *Store) Films(ctx context.Context, now time.Time) ([]FilmItem, error) {
	sec := now.Unix()
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+filmCols+` FROM films t `+filmJoins+`
		WHERE `+visible+` ORDER BY t.package_id, t.seq`, sec, sec)
	if err != nil {
		return nil, fmt.Errorf("store: films: %w", err)
	}
	defer rows.Close()
	var out []FilmItem
	for rows.Next() {
		var it FilmItem
		if err := s.scanFilm(rows, &it); err != nil {
			return nil, fmt.Errorf("store: films: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// Film returns one film with its subtitles if it is visible at now.
func (s *Store) Film(ctx context.Context, now time.Time, pkgID, id string) (Film, bool, error) {
	sec := now.Unix()
	var f Film
	var cues string
	err := s.scanFilm(s.rdb.QueryRowContext(ctx, `SELECT `+filmCols+`, t.cues FROM films t `+filmJoins+`
		WHERE t.package_id = ? AND t.id = ? AND `+visible, pkgID, id, sec, sec), &f.FilmItem, &cues)
	if errors.Is(err, sql.ErrNoRows) {
		return Film{}, false, nil
	}
	if err != nil {
		return Film{}, false, fmt.Errorf("store: film %s/%s: %w", pkgID, id, err)
	}
	var raw [][3]json.RawMessage
	if err := json.Unmarshal([]byte(cues), &raw); err != nil {
		return Film{}, false, fmt.Errorf("store: film %s/%s cues: %w", pkgID, id, err)
	}
	for _, r := range raw {
		var start, end int64
		var text string
		if json.Unmarshal(r[0], &start) != nil || json.Unmarshal(r[1], &end) != nil || json.Unmarshal(r[2], &text) != nil {
			return Film{}, false, fmt.Errorf("store: film %s/%s: a cue is not [start, end, text]", pkgID, id)
		}
		f.Cues = append(f.Cues, content.Cue{Start: time.Duration(start) * time.Millisecond, End: time.Duration(end) * time.Millisecond, Text: text})
	}
	return f, true, nil
}
