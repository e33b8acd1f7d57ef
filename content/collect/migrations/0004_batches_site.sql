-- A site's name is the latest a kiosk of it gave (collect.latestSiteName):
-- looked up once a site on every page and summary. A kiosk adds a batch a
-- minute, so without this index each lookup scanned millions of batches.
CREATE INDEX batches_site ON batches(site, written);
