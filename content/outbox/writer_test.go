package outbox

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"qingfeng/content/store"
)

// queue is a store with one batch's worth waiting; it fails where told.
type queue struct {
	sealed  []string
	written []string
	ops     []store.StoredOpinion
	failOps error
}

func (q *queue) SealOutboxBatch(_ context.Context, id string) (int, error) {
	q.sealed = append(q.sealed, id)
	return len(q.ops), nil
}

func (q *queue) UnwrittenBatches(context.Context) ([]string, error) {
	var out []string
	for _, id := range q.sealed {
		if !slices.Contains(q.written, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func (q *queue) BatchOpinions(context.Context, string) ([]store.StoredOpinion, error) {
	return q.ops, q.failOps
}

func (q *queue) BatchViews(context.Context, string) ([]store.UsageView, error) {
	return []store.UsageView{{UID: "0190a000-0000-7000-8000-0000000000a1", At: time.Unix(1_800_000_000, 0).UTC(), Screen: "story", Dwell: 3 * time.Second}}, nil
}

func (q *queue) MarkBatchWritten(_ context.Context, id string) error {
	q.written = append(q.written, id)
	return nil
}

func TestWriterWritesEachBatchOnce(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	w := &Writer{Dir: filepath.Join(data, "outbox"), KeyDir: data, Site: "shili", SiteName: "十里联络站",
		Now: func() time.Time { return time.Unix(1_800_000_100, 0) }}
	q := &queue{ops: []store.StoredOpinion{{UID: "0190a000-0000-7000-8000-000000000001", Receipt: "K7M2-Q9X2",
		At: time.Unix(1_800_000_000, 0).UTC(), Site: "shili", Category: "意见建议", Text: "路灯不亮", Rating: 1, Consent: true}}}

	n, err := w.Write(ctx, q)
	if err != nil || n != 1 || len(q.written) != 1 {
		t.Fatalf("Write = %d, %v; marked %v", n, err, q.written)
	}
	f, err := ReadFile(filepath.Join(w.Dir, FileName(q.written[0])))
	if err != nil {
		t.Fatal(err)
	}
	b := f.Batch
	if b.Site != "shili" || b.SiteName != "十里联络站" || !b.Written.Equal(time.Unix(1_800_000_100, 0)) ||
		len(b.Opinions) != 1 || b.Opinions[0].Receipt != "K7M2-Q9X2" || !b.Opinions[0].Consent || len(b.Views) != 1 || b.Views[0].DwellMS != 3000 {
		t.Fatalf("batch %+v", b)
	}
	if err := b.Check(); err != nil {
		t.Fatalf("the district would refuse it: %v", err)
	}
	if ign, err := os.ReadFile(filepath.Join(w.Dir, ".stignore")); err != nil || string(ign) != StIgnore {
		t.Fatalf(".stignore %q, %v", ign, err)
	}

	// A batch whose file is there already (a stop between writing and
	// marking) is marked, not written again.
	q.sealed = append(q.sealed, "0190a000-0000-7000-8000-0000000000ff")
	os.WriteFile(filepath.Join(w.Dir, FileName("0190a000-0000-7000-8000-0000000000ff")), []byte("kept"), 0o644)
	if n, err := w.Write(ctx, q); err != nil || n != 1 || !slices.Contains(q.written, "0190a000-0000-7000-8000-0000000000ff") {
		t.Fatalf("Write = %d, %v; marked %v", n, err, q.written)
	}
	if b, _ := os.ReadFile(filepath.Join(w.Dir, FileName("0190a000-0000-7000-8000-0000000000ff"))); string(b) != "kept" {
		t.Fatal("a batch file already there was written again")
	}

	// The store failing: the batch is neither written nor marked.
	q.failOps = errors.New("disk gone")
	before := len(q.written)
	if _, err := w.Write(ctx, q); !errors.Is(err, q.failOps) || len(q.written) != before {
		t.Fatalf("err = %v; marked %v", err, q.written)
	}
}
