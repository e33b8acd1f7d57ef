-- The digest of what a plain package (a folder without package.yaml) was
-- read from: the store numbers such a package's versions itself, and the
-- same folder dropped again, with the same digest, replaces nothing.
-- '' for a package with package.yaml.
ALTER TABLE packages ADD COLUMN plain_digest TEXT NOT NULL DEFAULT '';
