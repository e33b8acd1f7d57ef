package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"qingfeng/content"
)

// PackageInfo describes an installed package.
type PackageInfo struct {
	ID          string
	Title       string
	Version     int
	Sites       []string
	Window      content.Window
	InstalledAt time.Time
	Stories     int
	Disclosures int
	Rows        int // disclosure rows, all tables together
	Quizzes     int
	Media       int
	TeaSets     int
	Puzzles     int
}

// StoryItem is a story as listed; Story adds what its page needs.
type StoryItem struct {
	PackageID string
	ID        string
	Title     string
	Category  string
	Summary   string
	Featured  bool
	Window    content.Window // effective: the story's ∩ its package's
	// Cover is the package path of the cover image, "" if none; CoverSHA
	// and CoverThumbSHA name its blobs for MediaPath ("" if missing).
	Cover         string
	CoverSHA      string
	CoverThumbSHA string
}

// Story is a story with its body.
type Story struct {
	StoryItem
	File   string
	Audio  string // package path, "" if none
	URL    string
	Body   string   // Markdown
	Images []string // package paths the body refers to
}

// DisclosureItem is a disclosure table as listed.
type DisclosureItem struct {
	PackageID string
	ID        string
	Title     string
	Category  string
	Period    string
	Unit      string
	Window    content.Window
	RowCount  int
}

// Disclosure is a disclosure table with its rows. Row amounts are NaN where
// the cell was blank.
type Disclosure struct {
	DisclosureItem
	File          string
	Header        []string
	AmountColumns []int
	Rows          []content.Row
}

// Quiz is a quiz with its questions.
type Quiz struct {
	PackageID string
	ID        string
	Title     string
	Window    content.Window
	Questions []content.Question
}

// TeaSet is a 七味茶 set with its pairs in file order.
type TeaSet struct {
	PackageID string
	ID        string
	Title     string
	Footnote  string
	Window    content.Window // effective: the set's ∩ its package's
	Pairs     []content.TeaPair
}

// Puzzle is a 剪纸拼图 picture. Image is its package path; ImageSHA and
// ImageThumbSHA name its blobs for MediaPath ("" if missing). Rows and Cols
// are 0 when the exhibit chooses.
type Puzzle struct {
	PackageID     string
	ID            string
	Title         string
	Window        content.Window
	Image         string
	ImageSHA      string
	ImageThumbSHA string
	Rows, Cols    int
}

// MediaInfo describes a media file as a package refers to it.
type MediaInfo struct {
	Path     string
	SHA256   string
	Kind     content.MediaKind
	Format   string
	Size     int64
	Width    int
	Height   int
	ThumbSHA string // "" when there is no thumbnail
}

// visible is the window test of every read, on a table aliased t. Its two
// parameters are the same unix time.
const visible = ` (t.win_from IS NULL OR t.win_from <= ?) AND (t.win_until IS NULL OR t.win_until > ?) `

// Packages lists installed packages by ID, whatever their windows.
func (s *Store) Packages(ctx context.Context) ([]PackageInfo, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, title, version, sites, win_from, win_until,
		installed_at, n_stories, n_disclosures, n_rows, n_quizzes, n_media, n_tea_sets, n_puzzles
		FROM packages ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: packages: %w", err)
	}
	defer rows.Close()
	var out []PackageInfo
	for rows.Next() {
		var p PackageInfo
		var sites string
		var from, until sql.NullInt64
		var installed int64
		if err := rows.Scan(&p.ID, &p.Title, &p.Version, &sites, &from, &until, &installed,
			&p.Stories, &p.Disclosures, &p.Rows, &p.Quizzes, &p.Media, &p.TeaSets, &p.Puzzles); err != nil {
			return nil, fmt.Errorf("store: packages: %w", err)
		}
		if err := json.Unmarshal([]byte(sites), &p.Sites); err != nil {
			return nil, fmt.Errorf("store: package %s sites: %w", p.ID, err)
		}
		if len(p.Sites) == 0 {
			p.Sites = nil
		}
		p.Window = windowOf(from, until)
		p.InstalledAt = time.Unix(installed, 0).UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: packages: %w", err)
	}
	return out, nil
}

const storyItemCols = `t.package_id, t.id, t.title, t.category, t.summary, t.featured,
	t.win_from, t.win_until, t.cover, coalesce(pm.sha256, ''), coalesce(m.thumb_sha256, '')`

const storyItemJoins = ` LEFT JOIN package_media pm ON t.cover <> '' AND pm.package_id = t.package_id AND pm.path = t.cover
	LEFT JOIN media m ON m.sha256 = pm.sha256 `

func scanStoryItem(sc interface{ Scan(...any) error }, it *StoryItem, extra ...any) error {
	var from, until sql.NullInt64
	dst := append([]any{&it.PackageID, &it.ID, &it.Title, &it.Category, &it.Summary, &it.Featured,
		&from, &until, &it.Cover, &it.CoverSHA, &it.CoverThumbSHA}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return err
	}
	it.Window = windowOf(from, until)
	return nil
}

// Stories lists the stories visible at now, of category ("" for all):
// featured ones first, then by package ID and the order within the package.
func (s *Store) Stories(ctx context.Context, now time.Time, category string) ([]StoryItem, error) {
	sec := now.Unix()
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+storyItemCols+` FROM stories t `+storyItemJoins+`
		WHERE `+visible+` AND (?3 = '' OR t.category = ?3)
		ORDER BY t.featured DESC, t.package_id, t.seq`, sec, sec, category)
	if err != nil {
		return nil, fmt.Errorf("store: stories: %w", err)
	}
	defer rows.Close()
	var out []StoryItem
	for rows.Next() {
		var it StoryItem
		if err := scanStoryItem(rows, &it); err != nil {
			return nil, fmt.Errorf("store: stories: %w", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stories: %w", err)
	}
	return out, nil
}

// Story returns one story if it is visible at now.
func (s *Store) Story(ctx context.Context, now time.Time, pkgID, storyID string) (Story, bool, error) {
	sec := now.Unix()
	var st Story
	var images string
	// One statement, so the story and its image list come from the same
	// snapshot even while an install commits.
	err := scanStoryItem(s.rdb.QueryRowContext(ctx, `SELECT `+storyItemCols+`,
			t.file, t.audio, t.url, t.body,
			(SELECT json_group_array(path) FROM (SELECT path FROM story_images
				WHERE package_id = t.package_id AND story_id = t.id ORDER BY seq))
		FROM stories t `+storyItemJoins+`
		WHERE t.package_id = ? AND t.id = ? AND `+visible,
		pkgID, storyID, sec, sec), &st.StoryItem, &st.File, &st.Audio, &st.URL, &st.Body, &images)
	if errors.Is(err, sql.ErrNoRows) {
		return Story{}, false, nil
	}
	if err != nil {
		return Story{}, false, fmt.Errorf("store: story %s/%s: %w", pkgID, storyID, err)
	}
	if err := json.Unmarshal([]byte(images), &st.Images); err != nil {
		return Story{}, false, fmt.Errorf("store: story %s/%s images: %w", pkgID, storyID, err)
	}
	if len(st.Images) == 0 {
		st.Images = nil
	}
	return st, true, nil
}

const discItemCols = `t.package_id, t.id, t.title, t.category, t.period, t.unit, t.win_from, t.win_until, t.n_rows`

func scanDiscItem(sc interface{ Scan(...any) error }, it *DisclosureItem, extra ...any) error {
	var from, until sql.NullInt64
	dst := append([]any{&it.PackageID, &it.ID, &it.Title, &it.Category, &it.Period, &it.Unit,
		&from, &until, &it.RowCount}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return err
	}
	it.Window = windowOf(from, until)
	return nil
}

// Disclosures lists the disclosure tables visible at now, of category (""
// for all), by package ID and the order within the package.
func (s *Store) Disclosures(ctx context.Context, now time.Time, category string) ([]DisclosureItem, error) {
	sec := now.Unix()
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+discItemCols+` FROM disclosures t
		WHERE `+visible+` AND (?3 = '' OR t.category = ?3)
		ORDER BY t.package_id, t.seq`, sec, sec, category)
	if err != nil {
		return nil, fmt.Errorf("store: disclosures: %w", err)
	}
	defer rows.Close()
	var out []DisclosureItem
	for rows.Next() {
		var it DisclosureItem
		if err := scanDiscItem(rows, &it); err != nil {
			return nil, fmt.Errorf("store: disclosures: %w", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: disclosures: %w", err)
	}
	return out, nil
}

// Disclosure returns one disclosure table with all its rows if it is visible
// at now.
func (s *Store) Disclosure(ctx context.Context, now time.Time, pkgID, discID string) (Disclosure, bool, error) {
	fail := func(err error) (Disclosure, bool, error) {
		return Disclosure{}, false, fmt.Errorf("store: disclosure %s/%s: %w", pkgID, discID, err)
	}
	// Table and rows are two statements; a read transaction gives them one
	// snapshot, so an install committing in between cannot mix versions.
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	sec := now.Unix()
	var d Disclosure
	var header, cols string
	err = scanDiscItem(tx.QueryRowContext(ctx, `SELECT `+discItemCols+`, t.file, t.header, t.amount_columns
		FROM disclosures t WHERE t.package_id = ? AND t.id = ? AND `+visible,
		pkgID, discID, sec, sec), &d.DisclosureItem, &d.File, &header, &cols)
	if errors.Is(err, sql.ErrNoRows) {
		return Disclosure{}, false, nil
	}
	if err != nil {
		return fail(err)
	}
	if err := json.Unmarshal([]byte(header), &d.Header); err != nil {
		return fail(err)
	}
	if err := json.Unmarshal([]byte(cols), &d.AmountColumns); err != nil {
		return fail(err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT line, cells, amounts FROM disclosure_rows
		WHERE package_id = ? AND disclosure_id = ? ORDER BY idx`, pkgID, discID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	d.Rows = make([]content.Row, 0, d.RowCount)
	var cells, amounts []byte
	var amts []*float64
	for rows.Next() {
		var r content.Row
		if err := rows.Scan(&r.Line, &cells, &amounts); err != nil {
			return fail(err)
		}
		if err := json.Unmarshal(cells, &r.Cells); err != nil {
			return fail(err)
		}
		amts = amts[:0]
		if err := json.Unmarshal(amounts, &amts); err != nil {
			return fail(err)
		}
		if len(amts) > 0 {
			r.Amounts = make([]float64, len(amts))
			for i, a := range amts {
				if a == nil {
					r.Amounts[i] = math.NaN()
				} else {
					r.Amounts[i] = *a
				}
			}
		}
		d.Rows = append(d.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return d, true, nil
}

// Quizzes lists the quizzes visible at now with their questions, by package
// ID and the order within the package.
func (s *Store) Quizzes(ctx context.Context, now time.Time) ([]Quiz, error) {
	sec := now.Unix()
	rows, err := s.rdb.QueryContext(ctx, `SELECT t.package_id, t.id, t.title, t.win_from, t.win_until,
		q.question, q.choices, q.answer, q.explain
		FROM quizzes t LEFT JOIN quiz_questions q ON q.package_id = t.package_id AND q.quiz_id = t.id
		WHERE `+visible+` ORDER BY t.package_id, t.seq, q.idx`, sec, sec)
	if err != nil {
		return nil, fmt.Errorf("store: quizzes: %w", err)
	}
	defer rows.Close()
	var out []Quiz
	for rows.Next() {
		var pkgID, id, title string
		var from, until sql.NullInt64
		var question, choices, explain sql.NullString
		var answer sql.NullInt64
		if err := rows.Scan(&pkgID, &id, &title, &from, &until, &question, &choices, &answer, &explain); err != nil {
			return nil, fmt.Errorf("store: quizzes: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].PackageID != pkgID || out[n-1].ID != id {
			out = append(out, Quiz{PackageID: pkgID, ID: id, Title: title, Window: windowOf(from, until)})
		}
		if !question.Valid {
			continue // a quiz without questions
		}
		q := content.Question{Q: question.String, Answer: int(answer.Int64), Explain: explain.String}
		if err := json.Unmarshal([]byte(choices.String), &q.Choices); err != nil {
			return nil, fmt.Errorf("store: quiz %s/%s: %w", pkgID, id, err)
		}
		last := &out[len(out)-1]
		last.Questions = append(last.Questions, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: quizzes: %w", err)
	}
	return out, nil
}

// TeaSets lists the 七味茶 sets visible at now with their pairs, by package
// ID and the order within the package.
func (s *Store) TeaSets(ctx context.Context, now time.Time) ([]TeaSet, error) {
	sec := now.Unix()
	rows, err := s.rdb.QueryContext(ctx, `SELECT t.package_id, t.id, t.title, t.footnote, t.win_from, t.win_until,
		p.tea, p.saying
		FROM tea_sets t LEFT JOIN tea_pairs p ON p.package_id = t.package_id AND p.tea_set_id = t.id
		WHERE `+visible+` ORDER BY t.package_id, t.seq, p.idx`, sec, sec)
	if err != nil {
		return nil, fmt.Errorf("store: tea sets: %w", err)
	}
	defer rows.Close()
	var out []TeaSet
	for rows.Next() {
		var pkgID, id, title, footnote string
		var from, until sql.NullInt64
		var tea, saying sql.NullString
		if err := rows.Scan(&pkgID, &id, &title, &footnote, &from, &until, &tea, &saying); err != nil {
			return nil, fmt.Errorf("store: tea sets: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].PackageID != pkgID || out[n-1].ID != id {
			out = append(out, TeaSet{PackageID: pkgID, ID: id, Title: title, Footnote: footnote, Window: windowOf(from, until)})
		}
		if !tea.Valid {
			continue // a set without pairs
		}
		last := &out[len(out)-1]
		last.Pairs = append(last.Pairs, content.TeaPair{Tea: tea.String, Saying: saying.String})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: tea sets: %w", err)
	}
	return out, nil
}

// Puzzles lists the 剪纸拼图 pictures visible at now, by package ID and the
// order within the package.
func (s *Store) Puzzles(ctx context.Context, now time.Time) ([]Puzzle, error) {
	sec := now.Unix()
	rows, err := s.rdb.QueryContext(ctx, `SELECT t.package_id, t.id, t.title, t.win_from, t.win_until,
		t.image, coalesce(pm.sha256, ''), coalesce(m.thumb_sha256, ''), t.rows, t.cols
		FROM puzzles t
		LEFT JOIN package_media pm ON pm.package_id = t.package_id AND pm.path = t.image
		LEFT JOIN media m ON m.sha256 = pm.sha256
		WHERE `+visible+` ORDER BY t.package_id, t.seq`, sec, sec)
	if err != nil {
		return nil, fmt.Errorf("store: puzzles: %w", err)
	}
	defer rows.Close()
	var out []Puzzle
	for rows.Next() {
		var p Puzzle
		var from, until sql.NullInt64
		if err := rows.Scan(&p.PackageID, &p.ID, &p.Title, &from, &until,
			&p.Image, &p.ImageSHA, &p.ImageThumbSHA, &p.Rows, &p.Cols); err != nil {
			return nil, fmt.Errorf("store: puzzles: %w", err)
		}
		p.Window = windowOf(from, until)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: puzzles: %w", err)
	}
	return out, nil
}

// Media returns what package pkgID stores at path (e.g. a story's Cover),
// including the SHA-256 of its thumbnail; pass those to MediaPath. ok is
// false if the package has no such media file.
func (s *Store) Media(ctx context.Context, pkgID, path string) (MediaInfo, bool, error) {
	mi := MediaInfo{Path: path}
	var kind string
	var thumb sql.NullString
	err := s.rdb.QueryRowContext(ctx, `SELECT m.sha256, m.kind, m.format, m.size, m.width, m.height, m.thumb_sha256
		FROM package_media pm JOIN media m ON m.sha256 = pm.sha256
		WHERE pm.package_id = ? AND pm.path = ?`, pkgID, path).
		Scan(&mi.SHA256, &kind, &mi.Format, &mi.Size, &mi.Width, &mi.Height, &thumb)
	if errors.Is(err, sql.ErrNoRows) {
		return MediaInfo{}, false, nil
	}
	if err != nil {
		return MediaInfo{}, false, fmt.Errorf("store: media %s/%s: %w", pkgID, path, err)
	}
	mi.Kind = content.MediaKind(kind)
	mi.ThumbSHA = thumb.String
	return mi, true, nil
}

// PackageMedia lists every media file of package pkgID by path.
func (s *Store) PackageMedia(ctx context.Context, pkgID string) ([]MediaInfo, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT pm.path, m.sha256, m.kind, m.format, m.size, m.width, m.height,
		coalesce(m.thumb_sha256, '')
		FROM package_media pm JOIN media m ON m.sha256 = pm.sha256
		WHERE pm.package_id = ? ORDER BY pm.path`, pkgID)
	if err != nil {
		return nil, fmt.Errorf("store: media of %s: %w", pkgID, err)
	}
	defer rows.Close()
	var out []MediaInfo
	for rows.Next() {
		var mi MediaInfo
		var kind string
		if err := rows.Scan(&mi.Path, &mi.SHA256, &kind, &mi.Format, &mi.Size, &mi.Width, &mi.Height, &mi.ThumbSHA); err != nil {
			return nil, fmt.Errorf("store: media of %s: %w", pkgID, err)
		}
		mi.Kind = content.MediaKind(kind)
		out = append(out, mi)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: media of %s: %w", pkgID, err)
	}
	return out, nil
}

// NextChange returns the earliest moment strictly after now at which an item
// appears or disappears (any effective window bound), so the UI can refresh
// exactly then. ok is false if nothing will ever change.
func (s *Store) NextChange(ctx context.Context, now time.Time) (time.Time, bool, error) {
	var next sql.NullInt64
	// Bounds of empty windows (an item that ends before its package starts)
	// change nothing on screen, so they do not count.
	err := s.rdb.QueryRowContext(ctx, `SELECT min(b) FROM (
			SELECT win_from AS b, win_from AS f, win_until AS u FROM stories
			UNION ALL SELECT win_until, win_from, win_until FROM stories
			UNION ALL SELECT win_from, win_from, win_until FROM disclosures
			UNION ALL SELECT win_until, win_from, win_until FROM disclosures
			UNION ALL SELECT win_from, win_from, win_until FROM quizzes
			UNION ALL SELECT win_until, win_from, win_until FROM quizzes
			UNION ALL SELECT win_from, win_from, win_until FROM tea_sets
			UNION ALL SELECT win_until, win_from, win_until FROM tea_sets
			UNION ALL SELECT win_from, win_from, win_until FROM puzzles
			UNION ALL SELECT win_until, win_from, win_until FROM puzzles
		) WHERE b > ? AND (f IS NULL OR u IS NULL OR f < u)`, now.Unix()).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: next change: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return time.Unix(next.Int64, 0).UTC(), true, nil
}
