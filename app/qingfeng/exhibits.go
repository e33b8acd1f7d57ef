package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"qingfeng/content/store"
	"qingfeng/exhibits/launch"
	"qingfeng/kiosk"
)

// exhibitsProgram is the file name of the exhibits program, which make
// build puts beside qingfeng.
const exhibitsProgram = "qingfeng-exhibits"

// exhibitsBinary finds the exhibits program beside this one.
func exhibitsBinary() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(filepath.Dir(self), exhibitsProgram)
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("the exhibits program is not installed beside %s (make build puts both in bin/): %w", self, err)
	}
	return bin, nil
}

// exhibitSpecs lists the exhibits the installed content makes at now:
// every quiz, tea set and puzzle visible then, with its content, and each
// one's preview picture ("" for none).
func (a *app) exhibitSpecs(ctx context.Context, st *store.Store, now time.Time) ([]launch.Spec, []string, error) {
	var specs []launch.Spec
	var previews []string
	quizzes, err := st.Quizzes(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range quizzes {
		if len(q.Questions) == 0 {
			continue
		}
		specs = append(specs, launch.Spec{Name: launch.Name(launch.Quiz, q.PackageID, q.ID), Kind: launch.Quiz,
			Title: q.Title, Questions: q.Questions})
		previews = append(previews, "")
	}
	sets, err := st.TeaSets(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range sets {
		if len(t.Pairs) == 0 {
			continue
		}
		specs = append(specs, launch.Spec{Name: launch.Name(launch.Teas, t.PackageID, t.ID), Kind: launch.Teas,
			Title: t.Title, Footnote: t.Footnote, Pairs: t.Pairs})
		previews = append(previews, "")
	}
	puzzles, err := st.Puzzles(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range puzzles {
		name := launch.Name(launch.Jigsaw, p.PackageID, p.ID)
		img := st.MediaPath(p.ImageSHA)
		if img == "" {
			a.log.Warn("puzzle without its picture; not listed", "name", name, "image", p.Image)
			continue
		}
		specs = append(specs, launch.Spec{Name: name, Kind: launch.Jigsaw, Title: p.Title,
			Image: img, Rows: p.Rows, Cols: p.Cols})
		previews = append(previews, st.MediaPath(p.ImageThumbSHA))
	}
	for i := range specs {
		specs[i].IdleAfter = a.cfg.Screen.IdleAfter
	}
	return specs, previews, nil
}

// exhibitCmd is `qingfeng exhibit NAME` (play it, in a window with
// --windowed; or print its spec with --print) and `qingfeng exhibit --list`.
func (a *app) exhibitCmd(ctx context.Context, name string, list, print, windowed bool) int {
	return a.withStore(ctx, func(st *store.Store) int {
		specs, _, err := a.exhibitSpecs(ctx, st, time.Now())
		if err != nil {
			fmt.Fprintln(a.out, "无法读取互动展项：", err)
			return 1
		}
		if list {
			for _, s := range specs {
				fmt.Fprintln(a.out, s.Name)
			}
			return 0
		}
		if name == "" {
			fmt.Fprintln(a.out, "请写出展项名称；qingfeng exhibit --list 列出已安装的展项")
			return 2
		}
		for _, s := range specs {
			if s.Name != name {
				continue
			}
			if print {
				enc := json.NewEncoder(a.out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(s); err != nil {
					return 1
				}
				return 0
			}
			bin, err := exhibitsBinary()
			if err != nil {
				fmt.Fprintln(a.out, err)
				return 1
			}
			opt := launch.Options{Binary: bin, Stderr: os.Stderr, Log: a.log}
			if windowed {
				opt.Args = []string{"--windowed"}
			}
			p, err := launch.Start(s, opt)
			if err != nil {
				fmt.Fprintln(a.out, err)
				return 1
			}
			select {
			case <-p.Done():
			case <-ctx.Done():
				p.Stop()
				<-p.Done()
			}
			r := p.Result()
			if r.Err != nil {
				fmt.Fprintln(a.out, "展项异常结束：", r.Err)
				return 1
			}
			fmt.Fprintf(a.out, "%s: %s (%s)\n", s.Name, r.Outcome, r.Ran.Round(time.Second))
			return 0
		}
		fmt.Fprintf(a.out, "没有名为 %q 的展项；qingfeng exhibit --list 列出已安装的展项\n", name)
		return 1
	})
}

// exhibitShelf is the shell's kiosk.ExhibitLauncher: the installed
// exhibits, started through the exhibits program beside this one. While
// the list is on screen it keeps one program standing by (window made and
// warmed, out of sight), so that the exhibit a visitor taps is on screen
// in a fraction of the time a fresh start takes.
type exhibitShelf struct {
	a        *app
	st       *store.Store
	windowed bool
	// scale is the kiosk's own scale now (it changes when the screen is
	// fitted again); it goes with each spec, so the exhibit is drawn as
	// large as the screens around it. Nil: the program chooses.
	scale func() float32

	mu      sync.Mutex
	standby *launch.Process
}

func (s *exhibitShelf) options() (launch.Options, error) {
	bin, err := exhibitsBinary()
	if err != nil {
		return launch.Options{}, err
	}
	opt := launch.Options{Binary: bin, Stderr: os.Stderr, Log: s.a.log}
	if s.windowed {
		opt.Args = []string{"--windowed"}
	}
	return opt, nil
}

// Prepare starts a program standing by (on) or lets it go (off).
func (s *exhibitShelf) Prepare(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !on {
		if s.standby != nil {
			s.standby.Stop()
			s.standby = nil
		}
		return
	}
	if s.standby != nil {
		select {
		case <-s.standby.Done():
		default:
			return // one is already up or coming
		}
	}
	opt, err := s.options()
	if err != nil {
		s.a.log.Warn("no exhibit standing by", "err", err)
		return
	}
	p, err := launch.Standby(opt)
	if err != nil {
		s.a.log.Warn("no exhibit standing by", "err", err)
		return
	}
	s.standby = p
}

// takeStandby hands over the program standing by, if one is up.
func (s *exhibitShelf) takeStandby() *launch.Process {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.standby
	s.standby = nil
	if p == nil {
		return nil
	}
	select {
	case <-p.Standing():
		select {
		case <-p.Done():
			return nil
		default:
			return p
		}
	default:
		// Still coming up: a fresh start would not be quicker, and two
		// windows coming up at once would be slower.
		return p
	}
}

func (s *exhibitShelf) Exhibits(ctx context.Context, now time.Time) ([]kiosk.Exhibit, error) {
	specs, previews, err := s.a.exhibitSpecs(ctx, s.st, now)
	if err != nil {
		return nil, err
	}
	out := make([]kiosk.Exhibit, len(specs))
	for i, sp := range specs {
		out[i] = kiosk.Exhibit{Name: sp.Name, Kind: string(sp.Kind), Title: sp.Title, Detail: detail(sp), Preview: previews[i]}
	}
	return out, nil
}

// detail says how big an exhibit is, on its card.
func detail(s launch.Spec) string {
	switch s.Kind {
	case launch.Quiz:
		return fmt.Sprintf("%d 道题", len(s.Questions))
	case launch.Teas:
		return fmt.Sprintf("%d 杯茶", len(s.Pairs))
	case launch.Jigsaw:
		if s.Rows > 0 && s.Cols > 0 {
			return fmt.Sprintf("%d 块", s.Rows*s.Cols)
		}
	}
	return ""
}

func (s *exhibitShelf) StartExhibit(name string) (kiosk.ExhibitRun, error) {
	specs, _, err := s.a.exhibitSpecs(context.Background(), s.st, time.Now())
	if err != nil {
		return nil, err
	}
	for _, sp := range specs {
		if sp.Name != name {
			continue
		}
		if s.scale != nil {
			sp.Scale = float64(s.scale())
		}
		if p := s.takeStandby(); p != nil {
			if err := p.Play(sp); err == nil {
				return exhibitRun{p}, nil
			} else {
				s.a.log.Warn("the exhibit standing by could not take it; starting afresh", "err", err)
				p.Stop()
			}
		}
		opt, err := s.options()
		if err != nil {
			return nil, err
		}
		p, err := launch.Start(sp, opt)
		if err != nil {
			return nil, err
		}
		return exhibitRun{p}, nil
	}
	return nil, fmt.Errorf("exhibit %q: %w", name, errNoExhibit)
}

var errNoExhibit = errors.New("no such exhibit installed")

// exhibitRun adapts a launch.Process to what the shell waits on.
type exhibitRun struct{ p *launch.Process }

func (r exhibitRun) Ready() <-chan struct{} { return r.p.Ready() }
func (r exhibitRun) Done() <-chan struct{}  { return r.p.Done() }
func (r exhibitRun) Stop()                  { r.p.Stop() }
func (r exhibitRun) Result() kiosk.ExhibitResult {
	res := r.p.Result()
	err := res.Err
	if errors.Is(err, launch.ErrStopped) {
		err = nil // the visitor left it from the shell: nothing went wrong
	}
	return kiosk.ExhibitResult{TimedOut: res.TimedOut(), Err: err}
}
