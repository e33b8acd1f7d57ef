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

// exhibitSpecs lists the exhibits the installed content makes at now
// (launch.List), with each one's preview picture ("" for none).
func (a *app) exhibitSpecs(ctx context.Context, st *store.Store, now time.Time) ([]launch.Spec, []string, error) {
	var in launch.Installed
	quizzes, err := st.Quizzes(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range quizzes {
		in.Quizzes = append(in.Quizzes, launch.InstalledQuiz{Package: q.PackageID, ID: q.ID, Title: q.Title, Questions: q.Questions})
	}
	sets, err := st.TeaSets(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range sets {
		in.TeaSets = append(in.TeaSets, launch.InstalledTeaSet{Package: t.PackageID, ID: t.ID, Title: t.Title, Footnote: t.Footnote, Pairs: t.Pairs})
	}
	puzzles, err := st.Puzzles(ctx, now)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range puzzles {
		in.Puzzles = append(in.Puzzles, launch.InstalledPuzzle{Package: p.PackageID, ID: p.ID, Title: p.Title, Image: p.Image,
			Picture: st.MediaPath(p.ImageSHA), Preview: st.MediaPath(p.ImageThumbSHA), Rows: p.Rows, Cols: p.Cols})
	}
	listed := launch.List(in, a.cfg.Screen.IdleAfter, a.log)
	specs := make([]launch.Spec, len(listed))
	previews := make([]string, len(listed))
	for i, l := range listed {
		specs[i], previews[i] = l.Spec, l.Preview
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
// exhibits, started through the exhibits program beside this one, with
// one standing by while the list is on screen (launch.Shelf).
type exhibitShelf struct {
	a        *app
	st       *store.Store
	windowed bool
	// scale is the kiosk's own scale now (it changes when the screen is
	// fitted again); it goes with each spec, so the exhibit is drawn as
	// large as the screens around it. Nil: the program chooses.
	scale func() float32

	once  sync.Once
	shelf *launch.Shelf[*launch.Process]
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

func (s *exhibitShelf) programs() *launch.Shelf[*launch.Process] {
	s.once.Do(func() {
		s.shelf = &launch.Shelf[*launch.Process]{
			Standby: func() (*launch.Process, error) {
				opt, err := s.options()
				if err != nil {
					return nil, err
				}
				return launch.Standby(opt)
			},
			Start: func(sp launch.Spec) (*launch.Process, error) {
				opt, err := s.options()
				if err != nil {
					return nil, err
				}
				return launch.Start(sp, opt)
			},
			Log: s.a.log,
		}
	})
	return s.shelf
}

// Prepare starts a program standing by (on) or lets it go (off).
func (s *exhibitShelf) Prepare(on bool) { s.programs().Prepare(on) }

func (s *exhibitShelf) Exhibits(ctx context.Context, now time.Time) ([]kiosk.Exhibit, error) {
	specs, previews, err := s.a.exhibitSpecs(ctx, s.st, now)
	if err != nil {
		return nil, err
	}
	out := make([]kiosk.Exhibit, len(specs))
	for i, sp := range specs {
		out[i] = kiosk.Exhibit{Name: sp.Name, Kind: string(sp.Kind), Title: sp.Title, Detail: sp.Detail(), Preview: previews[i]}
	}
	return out, nil
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
		p, err := s.programs().Play(sp)
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
