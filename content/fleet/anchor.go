package fleet

import "fmt"

// The display log is a hash chain (content/store): each entry's hash covers
// the one before. A kiosk cannot prove to the office that today's log still
// holds yesterday's entries without sending them all; instead each
// heartbeat carries the hashes of entries at fixed places (checkpoints),
// the same places whatever the log holds, and the office keeps the
// checkpoints of the longest log it saw. A later heartbeat whose hash at a
// place the office already knows differs comes from a log that was
// rewritten at or before there; one whose log is shorter than the longest
// the office saw was rewound; one whose first entry differs is another log
// (reset).
//
// What is compared is only the places both heartbeats give (Covered): the
// newer the log, the sparser its checkpoints far back. An entry after the
// newest common place, up to the office's old head, can be rewritten and
// everything after it re-hashed unseen. With the office's head at h and
// the log now n entries long, that is at most 15 entries before h while
// n-h stays under about 1,000, 255 under about 17,000, 4,095 under about
// 275,000, and beyond that every entry but the first. The office checks
// more of the log the more often it collects.

// CheckpointStride is the spacing of the newest checkpoints; older ones are
// sparser (CheckpointStride×16, then ×256), a few dozen each, so a
// heartbeat stays a few kilobytes whatever the log's length.
const (
	CheckpointStride = 16
	checkpointsEach  = 64
)

// CheckpointSeqs is where, in a log of n entries, a heartbeat gives hashes,
// newest first: every CheckpointStride-th entry for the newest 64 such, then
// every 256th, then every 4096th, 64 each, and the first entry.
func CheckpointSeqs(n int64) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, stride := range []int64{CheckpointStride, CheckpointStride * 16, CheckpointStride * 256} {
		s := n / stride * stride
		for k := 0; k < checkpointsEach && s > 0; s -= stride {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
				k++
			}
		}
	}
	if n > 0 && !seen[1] {
		out = append(out, 1)
	}
	return out
}

// Covered is the newest entry, at or before head (the longest log the
// office saw), whose hash the office kept and a heartbeat of a log of n
// entries gives again: an entry rewritten at or before it is found, one
// after it (up to head) is not. 0 when none is common (n < head: rewound).
func Covered(head, n int64) int64 {
	if n < head || head <= 0 {
		return 0
	}
	if n == head {
		return head
	}
	kept := map[int64]bool{head: true}
	for _, s := range CheckpointSeqs(head) {
		kept[s] = true
	}
	best := int64(0)
	for _, s := range CheckpointSeqs(n) {
		if s <= head && kept[s] && s > best {
			best = s
		}
	}
	return best
}

// Anchor is what the office remembers of a kiosk's log: every checkpoint it
// was told (by sequence number) and the longest head it saw.
type Anchor struct {
	Genesis     string
	Checkpoints map[int64]string
	Head        Checkpoint
}

// Broken is a log found not to extend what the office saw before.
type Broken struct {
	Kind    string // "reset", "rewound" or "rewritten"
	Seq     int64  // where
	Saw     string // the hash the office saw there
	Now     string // the hash the heartbeat gives ("" when the log no longer reaches Seq)
	Words   string // in Chinese, for the fleet page
	Entries int64  // the log's length now
}

func (b *Broken) Error() string { return b.Words }

// Check says whether log d still extends what a remembers (nil when it
// does, or when a is empty), and returns a with d's checkpoints and head
// added. A broken log's checkpoints are not added: the office keeps what it
// saw first, so the kiosk stays flagged until the office decides.
func (a Anchor) Check(d DisplayLog) (Anchor, *Broken) {
	if a.Checkpoints == nil {
		a.Checkpoints = map[int64]string{}
	}
	if d.Entries == 0 && d.Head == "" && a.Head.Seq == 0 {
		return a, nil
	}
	if a.Genesis != "" && d.Genesis != a.Genesis {
		return a, &Broken{Kind: "reset", Seq: 1, Saw: a.Genesis, Now: d.Genesis, Entries: d.Entries,
			Words: fmt.Sprintf("展示记录被重置了：第 1 条和区里以前收到的不一样（以前最长到第 %d 条，现在共 %d 条）", a.Head.Seq, d.Entries)}
	}
	if d.Entries < a.Head.Seq {
		return a, &Broken{Kind: "rewound", Seq: a.Head.Seq, Saw: a.Head.Hash, Entries: d.Entries,
			Words: fmt.Sprintf("展示记录变短了：区里以前看到第 %d 条，现在只有 %d 条（记录被倒回或删掉了一段）", a.Head.Seq, d.Entries)}
	}
	given := map[int64]string{d.Entries: d.Head}
	for _, c := range d.Checkpoints {
		given[c.Seq] = c.Hash
	}
	if h, ok := given[a.Head.Seq]; ok && a.Head.Seq > 0 && h != a.Head.Hash {
		return a, &Broken{Kind: "rewritten", Seq: a.Head.Seq, Saw: a.Head.Hash, Now: h, Entries: d.Entries,
			Words: fmt.Sprintf("展示记录第 %d 条和区里以前收到的不一样：这一段记录被改写过", a.Head.Seq)}
	}
	var worst *Broken
	for seq, h := range given {
		if saw, ok := a.Checkpoints[seq]; ok && saw != h && (worst == nil || seq < worst.Seq) {
			worst = &Broken{Kind: "rewritten", Seq: seq, Saw: saw, Now: h, Entries: d.Entries,
				Words: fmt.Sprintf("展示记录第 %d 条和区里以前收到的不一样：从这里起的记录被改写过", seq)}
		}
	}
	if worst != nil {
		return a, worst
	}
	if a.Genesis == "" {
		a.Genesis = d.Genesis
	}
	for seq, h := range given {
		a.Checkpoints[seq] = h
	}
	if d.Entries >= a.Head.Seq {
		a.Head = Checkpoint{Seq: d.Entries, Hash: d.Head}
	}
	return a, nil
}
