package fleet

import (
	"strconv"
	"strings"
)

// UpdateFile is where, in the kiosk's data folder, the outcome of the last
// software update is kept (a fleet.Update as JSON) for the next heartbeat.
const UpdateFile = "update.json"

// CompareVersions orders two program versions: -1, 0 or 1. A version is
// numbers separated by dots, with an optional leading "v" ("1.4.2",
// "v1.4.2"); what git describe adds after them ("-3-gabc123": three
// commits later) counts as that many steps past them, and "-dirty" as one
// more. A version that does not start with a number (such as "dev") is
// older than every one that does.
func CompareVersions(a, b string) int {
	pa, pb := versionParts(a), versionParts(b)
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}

// versionParts is v's numbers: the dotted ones, then the commits and
// dirtiness git describe adds (0 and 0 when it adds none), or just -1 for
// a version without numbers.
func versionParts(v string) []int {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	dirty := 0
	if s, ok := strings.CutSuffix(v, "-dirty"); ok {
		v, dirty = s, 1
	}
	base, rest, _ := strings.Cut(v, "-")
	var out []int
	for _, f := range strings.Split(base, ".") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			break
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return []int{-1}
	}
	for len(out) < 3 {
		out = append(out, 0)
	}
	commits := 0
	if c, _, ok := strings.Cut(rest, "-g"); ok {
		commits, _ = strconv.Atoi(c)
	}
	return append(out, commits, dirty)
}
