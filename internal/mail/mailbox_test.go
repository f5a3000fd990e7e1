package mail_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/sesame-platform/sesame/internal/mail"
)

func TestMailboxNewestFirst(t *testing.T) {
	b := mail.NewMailbox()
	for i := 1; i <= 3; i++ {
		if err := b.Send(t.Context(), mail.Message{To: "a@x.example", Subject: fmt.Sprint("m", i)}); err != nil {
			t.Fatal(err)
		}
	}
	list := b.List()
	if len(list) != 3 || list[0].Subject != "m3" || list[2].Subject != "m1" {
		t.Fatalf("list = %+v", list)
	}
	if list[0].ID != 3 || list[0].At.IsZero() {
		t.Errorf("newest = %+v", list[0])
	}
	got, ok := b.Get(2)
	if !ok || got.Subject != "m2" {
		t.Errorf("Get(2) = %+v, %v", got, ok)
	}
	if _, ok := b.Get(4); ok {
		t.Error("Get(4) found a message never sent")
	}
	// List returns a copy: changing it must not change the mailbox.
	list[0].Subject = "changed"
	if b.List()[0].Subject != "m3" {
		t.Error("List exposes the mailbox's storage")
	}
}

func TestMailboxCap(t *testing.T) {
	b := mail.NewMailbox()
	for i := 1; i <= 205; i++ {
		if err := b.Send(t.Context(), mail.Message{Subject: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	list := b.List()
	if len(list) != 200 {
		t.Fatalf("kept %d messages, want 200", len(list))
	}
	if list[0].ID != 205 || list[199].ID != 6 {
		t.Errorf("kept IDs %d…%d, want 205…6", list[0].ID, list[199].ID)
	}
	if _, ok := b.Get(5); ok {
		t.Error("the oldest messages should be dropped")
	}
	if m, ok := b.Get(6); !ok || m.Subject != "6" {
		t.Errorf("Get(6) = %+v, %v", m, ok)
	}
}

func TestMailboxConcurrent(t *testing.T) {
	b := mail.NewMailbox()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				_ = b.Send(context.Background(), mail.Message{Subject: "x"})
				_ = b.List()
			}
		})
	}
	wg.Wait()
	list := b.List()
	if len(list) != 200 || list[0].ID != 400 {
		t.Errorf("after 400 concurrent sends: %d kept, newest ID %d", len(list), list[0].ID)
	}
}

func TestMailboxHonoursContext(t *testing.T) {
	b := mail.NewMailbox()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := b.Send(ctx, mail.Message{}); err == nil {
		t.Error("Send with a cancelled context succeeded")
	}
	if len(b.List()) != 0 {
		t.Error("message stored despite the cancelled context")
	}
}
