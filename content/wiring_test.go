package content_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// app/qingfeng is flags, config and wiring: a rule, a file format or a
// state machine that grows there is a room missing elsewhere. What can be
// told from the source for sure is held here: no file of it is long, it
// compiles no pattern (patterns are what content is checked against), and
// it declares no number of its own but those named below.

// wiringDir is the folder (from the module's root) held to it.
const wiringDir = "app/qingfeng"

// maxWiringLines is the most lines a file of wiringDir may have.
const maxWiringLines = 250

// wiringNumbers are the package-level numbers (constants or variables)
// wiringDir may declare, each with why it is wiring and no rule. The defaults of the
// config are values in defaultConfig, not constants.
var wiringNumbers = map[string]string{
	"statusEvery": "how often the running kiosk writes its status file",
	"outboxEvery": "how often the running kiosk writes its outbox",
	"stopLimit":   "how long a stop may take, fitted to the systemd unit's TimeoutStopSec",
	"quitWait":    "how long the shell waits for Fyne's run loop to return",
	"exitRestart": "the exit status the systemd unit restarts on",
	"exitLeave":   "the exit status the systemd unit does not restart (RestartPreventExitStatus)",
	"statsDays":   "how many days staff mode charts",
	"settleTime":  "how long the memory keeper leaves Fyne to draw the frame it asked for before trimming",
}

// wiringFiles are the non-test Go files under wiringDir.
func wiringFiles(tb testing.TB) []*srcFile {
	tb.Helper()
	var out []*srcFile
	for _, f := range parseModule(tb, moduleRoot(tb)) {
		if f.dir == wiringDir || strings.HasPrefix(f.dir, wiringDir+"/") {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		tb.Fatalf("no Go files under %s", wiringDir)
	}
	return out
}

// numeric reports whether a declared value is a number: it has no
// string in it, and a number literal or a time unit.
func numeric(f *srcFile, e ast.Expr) bool {
	number, text := false, false
	ast.Inspect(e, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.BasicLit:
			number = number || v.Kind == token.INT || v.Kind == token.FLOAT
			text = text || v.Kind == token.STRING
		case *ast.SelectorExpr:
			if f.text(v.X) == "time" {
				number = true
			}
		case *ast.FuncLit:
			return false // a function's own numbers are not the package's
		}
		return true
	})
	return number && !text
}

// wiringFaults lists what files hold that wiring may not.
func wiringFaults(files []*srcFile) []string {
	var out []string
	at := func(f *srcFile, n ast.Node) string {
		return f.path + ":" + strconv.Itoa(f.fset.Position(n.Pos()).Line)
	}
	for _, f := range files {
		if n := bytes.Count(f.src, []byte("\n")); n > maxWiringLines {
			out = append(out, f.path+": "+strconv.Itoa(n)+" lines, more than "+strconv.Itoa(maxWiringLines)+": split it by what each piece is, and move what is a rule to its room")
		}
		re := f.importName("regexp")
		for _, d := range f.ast.Decls {
			if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.CONST || g.Tok == token.VAR) {
				for _, s := range g.Specs {
					v := s.(*ast.ValueSpec)
					for i, name := range v.Names {
						if i < len(v.Values) && numeric(f, v.Values[i]) {
							if _, ok := wiringNumbers[name.Name]; !ok {
								out = append(out, at(f, name)+": declares the number "+name.Name+": a bound or a rule belongs to its room (or, if it is wiring, to wiringNumbers with why)")
							}
						}
					}
				}
			}
			if re == "" {
				continue
			}
			ast.Inspect(d, func(n ast.Node) bool {
				if s, ok := n.(*ast.SelectorExpr); ok {
					if id, ok := s.X.(*ast.Ident); ok && id.Name == re && strings.Contains(s.Sel.Name, "Compile") {
						out = append(out, at(f, n)+": compiles a pattern ("+f.text(n)+"): what content must look like is the domain's")
					}
				}
				return true
			})
		}
	}
	return out
}

func TestAppIsWiring(t *testing.T) {
	files := wiringFiles(t)
	for _, fault := range wiringFaults(files) {
		t.Error(fault)
	}
	// Every allowed number still exists: a stale entry would let its name
	// come back as something else unasked.
	declared := map[string]bool{}
	for _, f := range files {
		for _, d := range f.ast.Decls {
			if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.CONST || g.Tok == token.VAR) {
				for _, s := range g.Specs {
					for _, name := range s.(*ast.ValueSpec).Names {
						declared[name.Name] = true
					}
				}
			}
		}
	}
	for name := range wiringNumbers {
		if !declared[name] {
			t.Errorf("wiringNumbers names %s, which %s no longer declares: remove it", name, wiringDir)
		}
	}
}

// The rule sees what it is for, and only that.
func TestWiringFaultsSeen(t *testing.T) {
	long := "package main\n\n" + strings.Repeat("// a line\n", maxWiringLines)
	for _, tc := range []struct {
		name, src string
		fault     string // in the one fault; "" for none
	}{
		{"a short file of wiring", "package main\n\nconst configFile = \"qingfeng.yaml\"\n\nvar errStop = errors.New(\"stop\")\n\nvar run = func() { wait(3) }\n\nfunc main() { const local = 3 }\n", ""},
		{"an allowed number", "package main\n\nimport \"time\"\n\nconst statusEvery = time.Minute\n", ""},
		{"a long file", long, "more than 250"},
		{"a number of its own", "package main\n\nconst maxPhone = 11\n", "maxPhone"},
		{"a duration of its own", "package main\n\nimport \"time\"\n\nconst holdFor = 3 * time.Second\n", "holdFor"},
		{"a variable number", "package main\n\nvar retries = 3\n", "retries"},
		{"a number in a block", "package main\n\nconst (\n\tname = \"x\"\n\tlimit = 1 << 20\n)\n", "limit"},
		{"a pattern", "package main\n\nimport \"regexp\"\n\nvar idRE = regexp.MustCompile(`^[a-z]+$`)\n", "compiles a pattern"},
		{"a pattern under another name", "package main\n\nimport re \"regexp\"\n\nfunc f() { re.Compile(\"x\") }\n", "compiles a pattern"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "x.go", tc.src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			faults := wiringFaults([]*srcFile{{path: wiringDir + "/x.go", dir: wiringDir, fset: fset, src: []byte(tc.src), ast: file}})
			switch {
			case tc.fault == "" && len(faults) > 0:
				t.Errorf("faults %q, want none", faults)
			case tc.fault != "" && (len(faults) != 1 || !strings.Contains(faults[0], tc.fault)):
				t.Errorf("faults %q, want one naming %q", faults, tc.fault)
			}
		})
	}
}
