-- The publisher key (its text) that signed each installed package, '' for
-- an unsigned one: a package id stays with the publisher who first
-- installed it (content/sync). Packages installed before this migration
-- count as unsigned, so their next signed version claims them.
ALTER TABLE packages ADD COLUMN signed_by TEXT NOT NULL DEFAULT '';
