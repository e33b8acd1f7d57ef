// Package content is the domain of qingfeng: what a content package holds
// (stories, disclosures, quizzes, tea sets, puzzles, media), the problems
// found while reading one, and the publish/expire windows that decide what a
// kiosk shows. It has no UI, no SQL and no file watching; those live in
// kiosk/, content/store and content/inbox.
package content

import (
	"fmt"
	"sort"
	"strings"
)

// Severity tells whether a problem stops an import.
type Severity int

const (
	// Error stops the package from being imported.
	Error Severity = iota
	// Warning is reported, but the package is still imported.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "警告"
	}
	return "错误"
}

// Problem is one thing wrong with a package, located as precisely as we can:
// File is the slash-separated path inside the package ("" for the package as a
// whole), Line is 1-based (0 when no line applies). Msg is written for station
// staff, in Chinese.
type Problem struct {
	File     string
	Line     int
	Severity Severity
	Msg      string
	Err      error // the underlying cause, if any
	// Incomplete marks a problem that a copy still in progress also shows
	// (a missing file, a zero-byte file, a truncated zip or picture): the
	// watcher waits for more before it gives up on such a package.
	Incomplete bool
}

func (p Problem) String() string {
	loc := p.File
	if loc == "" {
		loc = "(内容包)"
	}
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, p.Line)
	}
	return fmt.Sprintf("%s: %s: %s", loc, p.Severity, p.Msg)
}

func (p Problem) Error() string { return p.String() }

func (p Problem) Unwrap() error { return p.Err }

// Problems collects every problem found in one pass over a package.
type Problems []Problem

// Add records a problem.
func (ps *Problems) Add(sev Severity, file string, line int, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

// Errorf records an error.
func (ps *Problems) Errorf(file string, line int, format string, args ...any) {
	ps.Add(Error, file, line, format, args...)
}

// Warnf records a warning.
func (ps *Problems) Warnf(file string, line int, format string, args ...any) {
	ps.Add(Warning, file, line, format, args...)
}

// HasErrors reports whether any problem is an error.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// OnlyIncomplete reports whether there are errors and every one of them
// could be explained by a copy that has not finished.
func (ps Problems) OnlyIncomplete() bool {
	n := 0
	for _, p := range ps {
		if p.Severity == Error {
			if !p.Incomplete {
				return false
			}
			n++
		}
	}
	return n > 0
}

// Count returns the number of errors and warnings.
func (ps Problems) Count() (errors, warnings int) {
	for _, p := range ps {
		if p.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders problems by file, then line, errors before warnings, so a report
// reads top to bottom like the package does.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			if a.File == "" || b.File == "" {
				return a.File == ""
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Severity < b.Severity
	})
}

// Error makes Problems usable as an error: one problem per line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}
