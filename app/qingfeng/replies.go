package main

import (
	"context"
	"time"

	"qingfeng/content"
	"qingfeng/content/store"
	"qingfeng/kiosk"
)

// replyStore is what the kiosk's reply book reads of the store.
type replyStore interface {
	LookupReply(ctx context.Context, receipt string) (store.ReplyLookup, error)
	PublicReplies(ctx context.Context, category string) ([]content.Reply, error)
	AnsweredSince(ctx context.Context, t time.Time) (int, error)
}

// replyBook is the kiosk's ReplyBook over the store, where the district's
// packages of replies are installed.
type replyBook struct{ st replyStore }

var _ kiosk.ReplyBook = replyBook{}

func (b replyBook) LookupReply(ctx context.Context, receipt string) (kiosk.ReplyLookup, error) {
	l, err := b.st.LookupReply(ctx, receipt)
	return kiosk.ReplyLookup{Reply: l.Reply, Found: l.Found, Local: l.Local, Sent: l.Sent}, err
}

func (b replyBook) PublicReplies(ctx context.Context, category string) ([]content.Reply, error) {
	return b.st.PublicReplies(ctx, category)
}

func (b replyBook) AnsweredSince(ctx context.Context, t time.Time) (int, error) {
	return b.st.AnsweredSince(ctx, t)
}
