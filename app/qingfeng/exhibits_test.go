package main

import (
	"strings"
	"testing"

	"qingfeng/exhibits/launch"
)

// The exhibits come from the installed packages: one per quiz, tea set and
// puzzle, named kind/package/id, with their content in the spec.
func TestExhibitListAndPrint(t *testing.T) {
	data := t.TempDir()
	if code, out := runCmd(t, "import", "--data", data, "../../assets/demo"); code != 0 {
		t.Fatalf("import demo: exit %d\n%s", code, out)
	}
	code, out := runCmd(t, "exhibit", "--list", "--data", data)
	if code != 0 {
		t.Fatalf("--list: exit %d\n%s", code, out)
	}
	var names []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "/") && !strings.Contains(l, " ") {
			names = append(names, l)
		}
	}
	want := []string{"quiz/xiaoshan-demo/qinglian-xiaoshan", "teas/xiaoshan-demo/qingxiang-qiwei", "jigsaw/xiaoshan-demo/papercut-fans"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("--list gave %q, want %q\n%s", names, want, out)
	}

	for _, n := range want {
		// The name may come before the flags, as the usage shows it.
		code, out := runCmd(t, "exhibit", n, "--print", "--data", data)
		if code != 0 {
			t.Fatalf("%s --print: exit %d\n%s", n, code, out)
		}
		js := out[strings.Index(out, "{"):]
		spec, err := launch.ReadSpec(strings.NewReader(js))
		if err != nil {
			t.Fatalf("%s: the printed spec does not read back: %v\n%s", n, err, js)
		}
		if spec.Name != n || spec.Title == "" || spec.IdleAfter <= 0 {
			t.Errorf("%s: spec %+v", n, spec)
		}
		switch spec.Kind {
		case launch.Quiz:
			if len(spec.Questions) != 10 || spec.Questions[0].Answer != 2 {
				t.Errorf("quiz: %d questions, first answer %d", len(spec.Questions), spec.Questions[0].Answer)
			}
		case launch.Teas:
			if len(spec.Pairs) != 7 || spec.Pairs[1].Tea != "莲心茶" || spec.Footnote == "" {
				t.Errorf("teas: %+v", spec.Pairs)
			}
		case launch.Jigsaw:
			// The picture is the stored media file, ready to open.
			if !strings.Contains(spec.Image, "media") {
				t.Errorf("jigsaw picture %q", spec.Image)
			}
		}
	}

	if code, out := runCmd(t, "exhibit", "quiz/nobody/none", "--data", data); code != 1 || !strings.Contains(out, "没有名为") {
		t.Errorf("unknown exhibit: exit %d\n%s", code, out)
	}
	if code, out := runCmd(t, "exhibit", "--data", data); code != 2 || !strings.Contains(out, "--list") {
		t.Errorf("no name: exit %d\n%s", code, out)
	}
}
