package mail

import (
	"context"
	"slices"
	"sync"
	"time"
)

// mailboxCap bounds the memory a long-running `serve --dev` can spend on
// e-mails nobody will read: older ones are dropped first.
const mailboxCap = 200

// Stored is a message kept by a Mailbox.
type Stored struct {
	// ID identifies the message within its Mailbox (1, 2, 3…), for the dev
	// page's links; IDs are never reused, even after older messages are
	// dropped.
	ID int `json:"id"`
	// At is when the message was "sent".
	At time.Time `json:"at"`
	Message
}

// Mailbox keeps sent mail in memory, newest first, for `serve --dev`
// without SMTP (a dev page lists it), so that a developer can follow an
// activation link without a mail server. It is safe for concurrent use and
// keeps at most 200 messages.
type Mailbox struct {
	mu     sync.Mutex
	lastID int
	items  []Stored // oldest first: appending is cheap, List reverses
}

var _ Sender = (*Mailbox)(nil)

// NewMailbox returns an empty mailbox.
func NewMailbox() *Mailbox {
	return &Mailbox{}
}

// Send stores m; it fails only when ctx is already done, to behave like a
// real sender in that respect.
func (b *Mailbox) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lastID++
	b.items = append(b.items, Stored{ID: b.lastID, At: time.Now(), Message: m})
	if over := len(b.items) - mailboxCap; over > 0 {
		// Copy rather than reslice, so dropped messages can be collected.
		b.items = slices.Clone(b.items[over:])
	}
	return nil
}

// List returns the stored messages, newest first. The slice is a copy the
// caller may keep.
func (b *Mailbox) List() []Stored {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := slices.Clone(b.items)
	slices.Reverse(out)
	return out
}

// Get returns the message with the given ID, if it is still kept.
func (b *Mailbox) Get(id int) (Stored, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	// IDs increase with the index, so a binary search finds it.
	i, ok := slices.BinarySearchFunc(b.items, id, func(s Stored, id int) int { return s.ID - id })
	if !ok {
		return Stored{}, false
	}
	return b.items[i], true
}
