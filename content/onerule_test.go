package content_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A business rule has one home. The rooms that apply it call the home's
// function, and no other package writes the rule again: when the opinion
// screen and the recorder each kept their own copy of the checks, the
// screen compared a phone number with a literal 5 while the domain had
// content.MinOpinionPhoneDigits, and the two could drift apart unseen.
//
// Each row of homes names a rule's function, who must call it, and what
// nobody outside the home may write. A new rule is a new row.
var homes = []ruleHome{
	{
		rule: "whether an opinion is acceptable",
		pkg:  "qingfeng/content", fn: "CheckOpinion",
		callers: []caller{{"kiosk", "opinionForm"}, {"app/qingfeng", "opinionRecorder"}},
		forbid:  []forbidden{measuresOpinionField, comparesRating, declaresOpinionBound, setsOpinionLength},
	},
	{
		rule: "the least time between two opinions",
		pkg:  "qingfeng/content", fn: "CheckOpinionInterval",
		callers: []caller{{"kiosk", "Kiosk"}, {"app/qingfeng", "opinionRecorder"}},
		forbid:  []forbidden{reckonsMinInterval},
	},
	{
		rule: "which opinions staff look at first (hold words)",
		pkg:  "qingfeng/content", fn: "OpinionHoldWord",
		callers: []caller{{"app/qingfeng", "opinionRecorder"}},
		forbid:  []forbidden{matchesHoldWords},
	},
	{
		rule: "what a phone number may hold",
		pkg:  "qingfeng/content", fn: "OpinionPhoneDigits",
		callers: []caller{{"kiosk", "opinionForm"}},
		forbid:  []forbidden{measuresOpinionField},
	},
	{
		rule: "what a package id looks like",
		pkg:  "qingfeng/content/parse", fn: "ValidID",
		callers: []caller{{"app/qingfeng", "Config"}},
		forbid:  []forbidden{writesIDPattern},
	},
}

type ruleHome struct {
	rule    string
	pkg     string // import path of the home
	fn      string // the function of the home that applies the rule
	callers []caller
	forbid  []forbidden
}

// caller is a package folder (from the module's root) and the type whose
// methods must call the rule ("" for any function of the package).
type caller struct{ dir, recv string }

// forbidden is something only the home may write. match reports whether
// node n of file f is one.
type forbidden struct {
	what   string
	match  func(f *srcFile, n ast.Node) bool
	except map[string]string // package folder → why it may
}

type srcFile struct {
	path string // from the module's root, with /
	dir  string
	fset *token.FileSet
	src  []byte
	ast  *ast.File
}

func (f *srcFile) text(n ast.Node) string {
	return string(f.src[f.fset.Position(n.Pos()).Offset:f.fset.Position(n.End()).Offset])
}

// importName is what f calls the package at path; "" if f does not import it.
func (f *srcFile) importName(path string) string {
	for _, im := range f.ast.Imports {
		if p, _ := strconv.Unquote(im.Path.Value); p == path {
			if im.Name != nil {
				return im.Name.Name
			}
			return path[strings.LastIndex(path, "/")+1:]
		}
	}
	return ""
}

func isComparison(op token.Token) bool {
	switch op {
	case token.LSS, token.GTR, token.LEQ, token.GEQ, token.EQL, token.NEQ:
		return true
	}
	return false
}

func intLit(e ast.Expr) (string, bool) {
	l, ok := ast.Unparen(e).(*ast.BasicLit)
	if !ok || (l.Kind != token.INT && l.Kind != token.CHAR) {
		return "", false
	}
	return l.Value, true
}

// measured is the argument of len(x) or utf8.RuneCountInString(x).
func measured(f *srcFile, e ast.Expr) (ast.Expr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	switch fn := f.text(call.Fun); fn {
	case "len", "utf8.RuneCountInString", "utf8.RuneCount":
		return call.Args[0], true
	}
	return nil, false
}

var opinionField = regexp.MustCompile(`(?i)(phone|subject|opinion)`)

var (
	measuresOpinionField = forbidden{
		what: "measures a phone number, subject or opinion against a number of its own",
		match: func(f *srcFile, n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || !isComparison(b.Op) {
				return false
			}
			for _, side := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
				x, ok := measured(f, side[0])
				lit, isLit := intLit(side[1])
				if ok && isLit && lit != "0" && opinionField.MatchString(f.text(x)) {
					return true
				}
			}
			return false
		},
	}
	comparesRating = forbidden{
		what: "compares a rating with a number of its own",
		match: func(f *srcFile, n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || !isComparison(b.Op) {
				return false
			}
			for _, side := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
				if _, isLit := intLit(side[1]); isLit && strings.HasSuffix(strings.ToLower(f.text(side[0])), "rating") {
					return true
				}
			}
			return false
		},
	}
	declaresOpinionBound = forbidden{
		what: "declares a bound of an opinion's fields",
		match: func(f *srcFile, n ast.Node) bool {
			v, ok := n.(*ast.ValueSpec)
			if !ok {
				return false
			}
			for i, name := range v.Names {
				if boundName.MatchString(name.Name) && i < len(v.Values) {
					if _, isLit := intLit(v.Values[i]); isLit {
						return true
					}
				}
			}
			return false
		},
		except: map[string]string{
			"content/outbox": "the district's own bounds for the batches it takes, far above any kiosk's and kept stable across versions",
		},
	}
	setsOpinionLength = forbidden{
		what: "sets the longest opinion to a number of its own",
		match: func(f *srcFile, n ast.Node) bool {
			switch v := n.(type) {
			case *ast.KeyValueExpr:
				_, isLit := intLit(v.Value)
				return isLit && f.text(v.Key) == "MaxLength"
			case *ast.AssignStmt:
				for i, l := range v.Lhs {
					if i < len(v.Rhs) && strings.HasSuffix(f.text(l), "MaxLength") {
						if _, isLit := intLit(v.Rhs[i]); isLit {
							return true
						}
					}
				}
			}
			return false
		},
	}
	reckonsMinInterval = forbidden{
		what: "reckons with the least time between two opinions itself",
		match: func(f *srcFile, n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok {
				return false
			}
			for _, side := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
				if !strings.Contains(f.text(side[0]), "MinInterval") {
					continue
				}
				// Checking the config's value itself is the config's job.
				if lit, isLit := intLit(side[1]); isLit && lit == "0" {
					return false
				}
				return true
			}
			return false
		},
	}
	matchesHoldWords = forbidden{
		what: "matches hold words itself",
		match: func(f *srcFile, n ast.Node) bool {
			switch v := n.(type) {
			case *ast.FuncDecl:
				return holdWordFunc.MatchString(v.Name.Name)
			case *ast.CallExpr:
				switch f.text(v.Fun) {
				case "strings.Contains", "strings.Index", "strings.EqualFold", "strings.ContainsAny", "bytes.Contains":
					for _, a := range v.Args {
						if holdWord.MatchString(f.text(a)) {
							return true
						}
					}
				}
			}
			return false
		},
	}
)

// idPattern is the heart of the id pattern, however it is anchored.
var idPattern = regexp.MustCompile(`a-z0-9\]\[a-z0-9-`)

var writesIDPattern = forbidden{
	what: "writes the pattern of an id again",
	match: func(f *srcFile, n ast.Node) bool {
		l, ok := n.(*ast.BasicLit)
		return ok && l.Kind == token.STRING && idPattern.MatchString(l.Value)
	},
}

var (
	boundName    = regexp.MustCompile(`(?i)^(max|min)_?(opinion)?(subject|phone|name|text)`)
	holdWordFunc = regexp.MustCompile(`(?i)hold_?words?`)
	holdWord     = regexp.MustCompile(`(?i)(^|[^a-z])hold`) // holdWords, r.holdLower, not threshold
)

// moduleRoot is the folder of go.mod above the test's folder.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			tb.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
}

// parseModule reads every Go file of the module but tests and testdata.
func parseModule(tb testing.TB, root string) []*srcFile {
	tb.Helper()
	var files []*srcFile
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (n == "testdata" || strings.HasPrefix(n, ".") || n == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		file, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		files = append(files, &srcFile{path: rel, dir: pathDir(rel), fset: fset, src: src, ast: file})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func pathDir(rel string) string {
	if i := strings.LastIndex(rel, "/"); i >= 0 {
		return rel[:i]
	}
	return "."
}

// homeDir is the folder of a module import path.
func homeDir(pkg string) string {
	if _, rest, ok := strings.Cut(pkg, "/"); ok {
		return rest
	}
	return "."
}

func recvName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// calls reports whether a function of f (a method of recv, when recv is
// not "") calls pkg's fn.
func calls(f *srcFile, recv, pkg, fn string) bool {
	name := f.importName(pkg)
	if name == "" {
		return false
	}
	found := false
	for _, d := range f.ast.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || (recv != "" && recvName(fd) != recv) {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if s, ok := c.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == fn {
					if id, ok := s.X.(*ast.Ident); ok && id.Name == name {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// violations lists where files write what h forbids outside its home.
func violations(h ruleHome, files []*srcFile) []string {
	var out []string
	home := homeDir(h.pkg)
	for _, f := range files {
		if f.dir == home {
			continue
		}
		for _, fb := range h.forbid {
			if _, ok := fb.except[f.dir]; ok {
				continue
			}
			ast.Inspect(f.ast, func(n ast.Node) bool {
				if n != nil && fb.match(f, n) {
					pos := f.fset.Position(n.Pos())
					out = append(out, f.path+":"+strconv.Itoa(pos.Line)+": "+fb.what+" ("+h.rule+" is "+h.pkg+"."+h.fn+"'s): "+firstLine(f.text(n)))
				}
				return true
			})
		}
	}
	return out
}

func TestEachRuleHasOneHome(t *testing.T) {
	root := moduleRoot(t)
	files := parseModule(t, root)
	for _, h := range homes {
		t.Run(h.fn, func(t *testing.T) {
			for _, c := range h.callers {
				called := false
				seen := false
				for _, f := range files {
					if f.dir == c.dir {
						seen = true
						called = called || calls(f, c.recv, h.pkg, h.fn)
					}
				}
				if !seen {
					t.Errorf("%s: no Go files: the table of homes names a package that is gone", c.dir)
				} else if !called {
					t.Errorf("%s (%s): does not call %s.%s: %s must be decided there, not again here", c.dir, c.recv, h.pkg, h.fn, h.rule)
				}
			}
			for _, v := range violations(h, files) {
				t.Error(v)
			}
		})
	}
}

// The forbidden patterns find what they are written for, and leave alone
// what is not a copy of a rule.
func TestForbiddenPatterns(t *testing.T) {
	for _, tc := range []struct {
		name string
		fb   forbidden
		src  string
		want bool
	}{
		{"phone against a literal", measuresOpinionField, `if o.Phone != "" && len(o.Phone) < 5 {}`, true},
		{"phone runes against a literal", measuresOpinionField, `if 20 < utf8.RuneCountInString(phoneField.text) {}`, true},
		{"phone against the domain", measuresOpinionField, `if len(o.Phone) < content.MinOpinionPhoneDigits {}`, false},
		{"anything empty", measuresOpinionField, `if len(o.Phone) > 0 {}`, false},
		{"a title", measuresOpinionField, `if len(title) > 40 {}`, false},
		{"rating against a literal", comparesRating, `if text == "" && rating == 0 {}`, true},
		{"rating against the domain", comparesRating, `if o.Rating > content.RatingHappy {}`, false},
		{"default length set", setsOpinionLength, `if s.MaxLength <= 0 { s.MaxLength = 300 }`, true},
		{"default length in a literal", setsOpinionLength, `_ = Config{MaxLength: 300}`, true},
		{"default length from the domain", setsOpinionLength, `_ = Config{MaxLength: content.DefaultOpinionMaxLength}`, false},
		{"interval reckoned", reckonsMinInterval, `if wait := cfg.MinInterval - now.Sub(last); wait > 0 {}`, true},
		{"interval validated", reckonsMinInterval, `if o.MinInterval < 0 {}`, false},
		{"hold words matched", matchesHoldWords, `for _, w := range cfg.HoldWords { if strings.Contains(text, w) {} }; _ = strings.Contains(s, holdLower[i])`, true},
		{"other words matched", matchesHoldWords, `_ = strings.Contains(text, word)`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\nfunc f() {\n" + tc.src + "\n}\n"
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "p.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			f := &srcFile{path: "p/p.go", dir: "p", fset: fset, src: []byte(src), ast: file}
			got := false
			ast.Inspect(file, func(n ast.Node) bool {
				got = got || (n != nil && tc.fb.match(f, n))
				return true
			})
			if got != tc.want {
				t.Errorf("%q: matched %v, want %v", tc.src, got, tc.want)
			}
		})
	}
	t.Run("hold-word function", func(t *testing.T) {
		for name, want := range map[string]bool{"holdWord": true, "matchHoldWords": true, "hold": false} {
			if got := matchesHoldWords.match(nil, &ast.FuncDecl{Name: ast.NewIdent(name)}); got != want {
				t.Errorf("func %s: matched %v, want %v", name, got, want)
			}
		}
	})
	t.Run("declared bound", func(t *testing.T) {
		for src, want := range map[string]bool{
			"const maxSubjectRunes = 200":                       true,
			"const MaxOpinions = 20_000":                        false,
			"const maxSubject = content.MaxOpinionSubjectRunes": false,
			"var minPhone, other = 5, 6":                        true,
		} {
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, "p.go", "package p\n"+src+"\n", 0)
			if err != nil {
				t.Fatal(err)
			}
			f := &srcFile{fset: fset, src: []byte("package p\n" + src + "\n"), ast: file}
			got := false
			ast.Inspect(file, func(n ast.Node) bool {
				got = got || (n != nil && declaresOpinionBound.match(f, n))
				return true
			})
			if got != want {
				t.Errorf("%q: matched %v, want %v", src, got, want)
			}
		}
	})
}
