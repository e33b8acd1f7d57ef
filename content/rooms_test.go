package content_test

import (
	"bufio"
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

// The import rules of docs/architecture.md hold: every package of the
// module has a row in its table of rooms, and imports from the module only
// what its row allows; Fyne and Ebiten stay in the programs and rooms that
// draw. The page is what a newcomer reads first, so it must stay true.
func TestRoomsImportWhatArchitectureAllows(t *testing.T) {
	root := moduleRoot(t)
	rooms := readRooms(t, filepath.Join(root, "docs", "architecture.md"))
	if len(rooms) < 10 {
		t.Fatalf("docs/architecture.md: %d rooms read from its table; the table's format changed?", len(rooms))
	}
	pkgs := modulePackages(t, root)
	if len(pkgs) < 20 {
		t.Fatalf("%d packages found under %s", len(pkgs), root)
	}
	for dir, imports := range pkgs {
		r, ok := roomOf(rooms, dir)
		if !ok {
			t.Errorf("%s: no row in docs/architecture.md's table of rooms", dir)
			continue
		}
		for _, imp := range imports {
			if msg := r.refuses(dir, imp); msg != "" {
				t.Errorf("%s imports %s: %s", dir, imp, msg)
			}
		}
	}
}

// The programs built without a screen toolkit stay so through every
// package of the module they import, however indirectly: qingfeng-office
// cross-builds for Windows only without Fyne and Ebiten (docs/architecture.md,
// "Two programs, one domain"). Imports outside the module are taken at
// their word (their own imports are not walked).
func TestProgramsWithoutAScreenToolkit(t *testing.T) {
	pkgs := modulePackages(t, moduleRoot(t))
	for _, tc := range []struct {
		program string
		refused []string // import path prefixes
	}{
		{"app/qingfeng-office", []string{"fyne.io/", "github.com/hajimehoshi/ebiten", "github.com/ebitengine/"}},
		{"app/qingfeng-exhibits", []string{"fyne.io/"}},
	} {
		t.Run(tc.program, func(t *testing.T) {
			if _, ok := pkgs[tc.program]; !ok {
				t.Fatalf("no package %s", tc.program)
			}
			// via[dir] is the package that first brought dir in.
			via := map[string]string{tc.program: ""}
			queue := []string{tc.program}
			for len(queue) > 0 {
				dir := queue[0]
				queue = queue[1:]
				for _, imp := range pkgs[dir] {
					for _, r := range tc.refused {
						if strings.HasPrefix(imp, r) {
							chain := dir
							for d := via[dir]; d != ""; d = via[d] {
								chain = d + " → " + chain
							}
							t.Errorf("%s imports %s (through %s)", tc.program, imp, chain)
						}
					}
					in, ok := strings.CutPrefix(imp, module)
					if _, seen := via[in]; ok && !seen {
						via[in] = dir
						queue = append(queue, in)
					}
				}
			}
		})
	}
}

type room struct {
	patterns []string // folders from the module root; "x/*" is every folder under x
	anything bool
	may      []string
}

var backticked = regexp.MustCompile("`([^`]+)`")

// readRooms reads the table under "## The rooms": | room | what | may import |.
func readRooms(tb testing.TB, path string) []room {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var rooms []room
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = line == "## The rooms"
			continue
		}
		if !in || !strings.HasPrefix(line, "| `") {
			continue
		}
		cols := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cols) != 3 {
			tb.Fatalf("%s: a row of the rooms table without three columns: %q", path, line)
		}
		var r room
		for _, m := range backticked.FindAllStringSubmatch(cols[0], -1) {
			r.patterns = append(r.patterns, m[1])
		}
		r.anything = strings.HasPrefix(cols[2], "anything")
		for _, m := range backticked.FindAllStringSubmatch(cols[2], -1) {
			r.may = append(r.may, m[1])
		}
		rooms = append(rooms, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rooms
}

// matches tells whether folder dir is pattern's, and how specific the
// match is: an exact folder beats a "x/*", which beats an enclosing folder.
func matches(pattern, dir string) (int, bool) {
	switch {
	case pattern == dir:
		return 3000 + len(pattern), true
	case strings.HasSuffix(pattern, "/*") && strings.HasPrefix(dir, strings.TrimSuffix(pattern, "*")):
		return 2000 + len(pattern), true
	case strings.HasPrefix(dir, pattern+"/"):
		return 1000 + len(pattern), true
	}
	return 0, false
}

func roomOf(rooms []room, dir string) (room, bool) {
	best, found := -1, room{}
	for _, r := range rooms {
		for _, p := range r.patterns {
			if s, ok := matches(p, dir); ok && s > best {
				best, found = s, r
			}
		}
	}
	return found, best >= 0
}

const module = "qingfeng/"

func (r room) refuses(dir, imp string) string {
	switch {
	case strings.HasPrefix(imp, "fyne.io/"):
		if dir != "app/qingfeng" && dir != "kiosk" && !strings.HasPrefix(dir, "kiosk/") && !strings.HasPrefix(dir, "build/") {
			return "Fyne belongs to kiosk/ and app/qingfeng only"
		}
	case strings.HasPrefix(imp, "github.com/hajimehoshi/ebiten"):
		if dir != "app/qingfeng-exhibits" && !strings.HasPrefix(dir, "build/") {
			return "Ebiten belongs to app/qingfeng-exhibits only"
		}
	}
	in, ok := strings.CutPrefix(imp, module)
	if !ok || r.anything {
		return ""
	}
	if in == dir || strings.HasPrefix(in, dir+"/") {
		return "" // a room's own folders
	}
	for _, p := range r.may {
		// "content" allows content itself; "exhibits/*" every folder under
		// exhibits.
		if s, ok := matches(p, in); ok && s >= 2000 {
			return ""
		}
	}
	if len(r.may) == 0 {
		return "its row in docs/architecture.md allows nothing from the module"
	}
	return "not in its row of docs/architecture.md (" + strings.Join(r.may, ", ") + ")"
}

// modulePackages returns each folder holding non-test Go files, from the
// module root, with the imports of those files (every build tag's).
func modulePackages(tb testing.TB, root string) map[string][]string {
	tb.Helper()
	pkgs := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "bin" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		for _, is := range f.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			pkgs[rel] = append(pkgs[rel], p)
		}
		if _, ok := pkgs[rel]; !ok {
			pkgs[rel] = nil
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pkgs
}
