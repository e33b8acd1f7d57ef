package kiosk

import (
	"context"
	"time"

	"qingfeng/content"
)

// ReplyBook answers a resident who looks a receipt up (查办理结果) and fills
// the board of public answers; app/qingfeng fills it from the store, where
// the district's packages of replies are installed. nil: neither is offered.
type ReplyBook interface {
	// LookupReply tells what this kiosk knows of receipt, written as
	// content.NormalizeReceipt writes it.
	LookupReply(ctx context.Context, receipt string) (ReplyLookup, error)
	// PublicReplies are the answers marked public, newest first; category
	// "" is every category.
	PublicReplies(ctx context.Context, category string) ([]content.Reply, error)
	// AnsweredSince counts the opinions answered since t (Home's tile).
	AnsweredSince(ctx context.Context, t time.Time) (int, error)
}

// ReplyLookup is what a kiosk knows of one receipt: the office's reply if a
// package of replies carried it, else whether the opinion was written here
// and has left in the outbox, so the screen can say why there is no answer
// yet.
type ReplyLookup struct {
	Reply content.Reply
	Found bool // Reply is the office's
	Local bool // written at this kiosk
	Sent  bool // written here and gone into the outbox
}
