package store

import (
	"context"
	"testing"
)

// The store remembers which publisher key signed each installed package,
// so that the importer can keep an id with its publisher.
func TestInstalledSigner(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "")
	if got, err := s.InstalledSigner(ctx, "village"); err != nil || got != "" {
		t.Fatalf("before any install: %q, %v", got, err)
	}
	for _, step := range []struct {
		version int
		signer  string
	}{
		{1, "qingfeng-publisher-pub:AAAA"},
		{2, "qingfeng-publisher-pub:AAAA"},
		{3, ""}, // the store records; refusing is the importer's rule
		{4, "qingfeng-publisher-pub:BBBB"},
	} {
		p := buildPackage(t, pkgSpec{ID: "village", Version: step.version, Stories: 1})
		p.SignedBy = step.signer
		mustInstall(t, s, p)
		if got, err := s.InstalledSigner(ctx, "village"); err != nil || got != step.signer {
			t.Fatalf("after version %d: signer %q, %v; want %q", step.version, got, err, step.signer)
		}
	}
}
