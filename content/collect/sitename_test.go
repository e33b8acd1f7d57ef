package collect

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteNameLookupUsesIndex pins that every lookup of a site's latest
// name reads the site's own batches through an index: a kiosk adds a batch
// a minute, so a district of 600 kiosks holds millions of batches within
// days, and a scan of them for each site took a minute.
func TestSiteNameLookupUsesIndex(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "district.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct{ name, query string }{
		{"fleet", `SELECT k.site, ` + latestSiteName("k.site", "''") + ` FROM kiosks k`},
		{"opinions", `SELECT ` + latestSiteName("o.site", "o.site") + `, count(*) FROM opinions o GROUP BY o.site`},
		{"views", `SELECT ` + latestSiteName("v.site", "v.site") + `, count(*) FROM views v GROUP BY v.site`},
		{"one site", `SELECT site_name FROM batches WHERE site = ? AND site_name <> '' ORDER BY written DESC LIMIT 1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := db.db.QueryContext(ctx, `EXPLAIN QUERY PLAN `+tc.query, "k001")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			whole := strings.Join(plan, "\n")
			if !strings.Contains(whole, "batches_site") {
				t.Errorf("the site's name is not looked up through batches_site:\n%s", whole)
			}
			for _, p := range plan {
				if strings.HasPrefix(p, "SCAN b") { // b or batches
					t.Errorf("batches scanned: %s", p)
				}
			}
		})
	}
}
