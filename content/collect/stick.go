package collect

import (
	"os"
	"path/filepath"
	"sort"

	"qingfeng/content/fleet"
	"qingfeng/content/outbox"
)

// maxStickSites bounds the site folders one outbox folder is opened into.
const maxStickSites = 5000

// OutboxFolders is dirs with each folder that is not itself a kiosk's
// outbox (no batch file, no heartbeat) but holds kiosks' outboxes, one
// folder a site, replaced by those folders: a stick's qingfeng/outbox
// (与U盘同步 writes qingfeng/outbox/SITE/) is collected as it is given,
// like the office's collected/ folder of Syncthing outboxes. Links are not
// followed into; at most maxStickSites folders are taken from one.
func OutboxFolders(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if isOutbox(d) {
			out = append(out, d)
			continue
		}
		ents, err := os.ReadDir(d)
		if err != nil {
			out = append(out, d) // Merge says what is wrong with it
			continue
		}
		var sites []string
		for _, e := range ents {
			if e.IsDir() && e.Type()&os.ModeSymlink == 0 && isOutbox(filepath.Join(d, e.Name())) {
				sites = append(sites, filepath.Join(d, e.Name()))
			}
		}
		if len(sites) == 0 {
			out = append(out, d)
			continue
		}
		sort.Strings(sites)
		out = append(out, sites[:min(len(sites), maxStickSites)]...)
	}
	return out
}

// isOutbox says whether dir holds a kiosk's batches or heartbeat.
func isOutbox(dir string) bool {
	if fs, err := outbox.Files(dir); err == nil && len(fs) > 0 {
		return true
	}
	st, err := os.Lstat(filepath.Join(dir, fleet.File))
	return err == nil && st.Mode().IsRegular()
}
