package release

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"qingfeng/content/durable"
	"qingfeng/content/fleet"
)

// The trial's rules: the new release must report ready within ReadyWithin
// of its first start, and must not fail (start again) MaxFailures times
// within Window of the switch.
const (
	ReadyWithin = 60 * time.Second
	Window      = 10 * time.Minute
	MaxFailures = 3
	maxStarts   = 16
)

// Trial is a switch to a new release not yet judged, kept in
// root/TrialFile.
type Trial struct {
	From       string      `json:"from"` // the release switched away from
	To         string      `json:"to"`   // the release on trial
	Switched   time.Time   `json:"switched"`
	Starts     []time.Time `json:"starts,omitempty"` // each start of To, oldest first
	Ready      time.Time   `json:"ready,omitzero"`   // when To first reported ready
	UpdateFile string      `json:"update_file"`
	// Store is the kiosk's database and Snapshot its copy made just
	// before the switch (both "" when none was made): a rollback to a
	// release that cannot read what the new one migrated puts the copy
	// back (see restoreStore).
	Store    string `json:"store,omitempty"`
	Snapshot string `json:"snapshot,omitempty"`
}

// SchemaCheck, given by the program deciding a trial (the previous
// release), says whether the database file store has a schema newer than
// that program knows: it could not start on it.
type SchemaCheck func(store string) (newer bool, err error)

// Decision is what the start script does with a trial.
type Decision int

const (
	// GoOn: start the new release; the trial goes on.
	GoOn Decision = iota
	// Passed: the new release reported ready and ran through the window;
	// the trial is over.
	Passed
	// RollBack: the new release failed; start the previous one.
	RollBack
)

func (d Decision) String() string {
	return [...]string{"go on", "passed", "roll back"}[d]
}

// Decide is the trial's rule, asked at each start (before it is counted):
// every start after the first means the one before it ended, a failure.
func (t Trial) Decide(now time.Time) (Decision, string) {
	if !t.Ready.IsZero() && now.Sub(t.Switched) >= Window {
		return Passed, ""
	}
	if failures := len(t.Starts); failures >= MaxFailures && now.Sub(t.Switched) < Window {
		return RollBack, fmt.Sprintf("新版本 %s 在 %d 分钟里启动失败了 %d 次", t.To, int(Window/time.Minute), failures)
	}
	if t.Overdue(now) {
		return RollBack, fmt.Sprintf("新版本 %s 启动后 %d 秒内没有报告启动好", t.To, int(ReadyWithin/time.Second))
	}
	return GoOn, ""
}

// Overdue says whether the new release has been started and has still
// not reported ready ReadyWithin after its first start.
func (t Trial) Overdue(now time.Time) bool {
	return t.Ready.IsZero() && len(t.Starts) > 0 && now.Sub(t.Starts[0]) >= ReadyWithin
}

// OnTrial says whether a switch in root is still being judged: its
// release has not reported ready, or its window is not over. Another
// release must wait until then: installing it would end the trial and
// remove the release known to work.
func OnTrial(root string, now time.Time) bool {
	t, ok, err := LoadTrial(root)
	return err == nil && ok && (t.Ready.IsZero() || now.Sub(t.Switched) < Window)
}

// LoadTrial reads root's trial; ok is false when there is none.
func LoadTrial(root string) (t Trial, ok bool, err error) {
	data, err := readBounded(filepath.Join(root, TrialFile), 64<<10)
	if err != nil {
		if _, serr := os.Lstat(filepath.Join(root, TrialFile)); errors.Is(serr, os.ErrNotExist) {
			return t, false, nil
		}
		return t, false, err
	}
	if err := json.Unmarshal(data, &t); err != nil || !ValidVersion(t.From) || !ValidVersion(t.To) {
		return t, false, fmt.Errorf("%s: not a trial (%v)", TrialFile, err)
	}
	return t, true, nil
}

func (t Trial) save(root string) error {
	if len(t.Starts) > maxStarts {
		t.Starts = t.Starts[len(t.Starts)-maxStarts:]
	}
	data, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	return durable.WriteFile(filepath.Join(root, TrialFile), data, 0o644)
}

// AtStart is the start script's question, answered by the previous
// release before the current one starts: it decides the trial (if one is
// on), acts on the decision (rolls back, or ends a passed trial), and
// counts this start. It returns the decision; GoOn with a trial still
// waiting for ready means the caller should watch the start.
//
// A rollback happens here only, while no release runs: the database can
// then be swapped safely (newer says whether it must be).
func AtStart(root string, now time.Time, newer SchemaCheck) (d Decision, waiting bool, err error) {
	err = withLock(root, func() error {
		t, ok, err := LoadTrial(root)
		if err != nil {
			// The trial cannot be judged; the release before it worked.
			from := Before(root)
			if st, serr := os.Stat(filepath.Join(root, from)); from == "" || !ValidVersion(from) || serr != nil || !st.IsDir() {
				return err
			}
			d = RollBack
			return Trial{From: from, To: Running(root)}.rollBack(root, fmt.Sprintf("试用记录 %s 坏了，读不出来", TrialFile), now, newer)
		}
		if !ok {
			return nil
		}
		t = t.sinceClock(now)
		var reason string
		d, reason = t.Decide(now)
		if Running(root) != t.To {
			// The switch was cut short (a power cut between the trial
			// and the current link): the previous release never left.
			d, reason = RollBack, fmt.Sprintf("换到新版本 %s 的时候中断了（可能是停电）", t.To)
		}
		switch d {
		case RollBack:
			return t.rollBack(root, reason, now, newer)
		case Passed:
			return t.pass(root, now)
		}
		t.Starts = append(t.Starts, now.UTC())
		waiting = t.Ready.IsZero()
		return t.save(root)
	})
	return d, waiting, err
}

// sinceClock is t judged from now on when the clock stands before a time
// t recorded (it went back since: a board without a clock battery that
// switched at a wrong time and was set right; or the file says a time to
// come): the times say nothing then, and the trial starts its clock again,
// keeping that the release reported ready.
func (t Trial) sinceClock(now time.Time) Trial {
	latest := t.Switched
	for _, at := range append([]time.Time{t.Ready}, t.Starts...) {
		latest = later(latest, at)
	}
	if !now.Before(latest) {
		return t
	}
	t.Switched, t.Starts = now.UTC(), nil
	if !t.Ready.IsZero() {
		t.Ready = now.UTC()
	}
	return t
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Watch is asked ReadyWithin after a start: overdue says the release on
// trial has not reported ready by then, and the caller stops it. The
// rollback itself is the next start's (AtStart decides the same), made
// while nothing has the database open.
func Watch(root string, now time.Time) (overdue bool, err error) {
	err = withLock(root, func() error {
		t, ok, err := LoadTrial(root)
		overdue = err == nil && ok && t.Overdue(now)
		return err
	})
	return overdue, err
}

// MarkReady is told by a release as it reports ready to systemd; self is
// its release's folder name. The release on trial is then installed
// (update.json says so) though its trial goes on until Window is over.
func MarkReady(root, self string, now time.Time) (bool, error) {
	marked := false
	err := withLock(root, func() error {
		t, ok, err := LoadTrial(root)
		if err != nil || !ok || t.To != self || !t.Ready.IsZero() {
			return err
		}
		t.Ready = now.UTC()
		if err := t.save(root); err != nil {
			return err
		}
		marked = true
		return writeUpdate(t.UpdateFile, fleet.Update{At: now.UTC(), From: t.From, To: t.To, Outcome: fleet.UpdateInstalled})
	})
	return marked, err
}

func (t Trial) rollBack(root, reason string, now time.Time, newer SchemaCheck) error {
	reason += "，已经自动换回原来的版本 " + t.From
	if words, err := t.restoreStore(newer); err != nil {
		return err
	} else if words != "" {
		reason += "。" + words
	}
	if err := link(root, Current, t.From); err != nil {
		return err
	}
	os.Remove(filepath.Join(root, Previous))
	if err := os.Remove(filepath.Join(root, TrialFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return writeUpdate(t.UpdateFile, fleet.Update{At: now.UTC(), From: t.From, To: t.To, Outcome: fleet.UpdateRolledBack,
		Reason: reason})
}

func (t Trial) pass(root string, now time.Time) error {
	if t.Snapshot != "" {
		os.Remove(t.Snapshot) // the new release is kept: so is its database
	}
	if err := os.Remove(filepath.Join(root, TrialFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return writeUpdate(t.UpdateFile, fleet.Update{At: t.Ready, From: t.From, To: t.To, Outcome: fleet.UpdateInstalled})
}

// Refused records a release the kiosk would not install.
func Refused(updateFile, from, to, reason string, now time.Time) error {
	return writeUpdate(updateFile, fleet.Update{At: now.UTC(), From: from, To: to, Outcome: fleet.UpdateRefused, Reason: reason})
}

func writeUpdate(name string, u fleet.Update) error {
	if name == "" {
		return nil
	}
	data, err := json.MarshalIndent(u, "", "  ")
	if err != nil {
		return err
	}
	return durable.WriteFile(name, data, 0o644)
}
