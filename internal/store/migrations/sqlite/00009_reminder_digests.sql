-- +goose Up
-- The list of accounts a monthly digest names (F-50), stored once per
-- establishment and run: every administrator's digest mail refers to it
-- and is rendered from it when delivered, so an establishment with many
-- administrators does not store the same long list once per mail. The
-- nightly run deletes lists old enough that no mail can still need them.
CREATE TABLE reminder_digests (
    id               INTEGER PRIMARY KEY,
    establishment_id INTEGER NOT NULL REFERENCES establishments (id),
    period           TEXT NOT NULL,   -- the month listed, 'YYYY-MM'
    content          TEXT NOT NULL,   -- JSON: what every digest of the run lists
    created_at       DATETIME NOT NULL
);
CREATE INDEX reminder_digests_created ON reminder_digests (created_at);

-- The time-driven work reads only active accounts by expiry date: the
-- nightly expiry (those before today) and the reminders (those of next
-- month). Without this index both walked every expired and deleted
-- account's entry of accounts_expiry to find them.
CREATE INDEX accounts_active_expiry ON accounts (expires_on, establishment_id) WHERE status = 'active';

-- +goose Down
DROP INDEX accounts_active_expiry;
DROP TABLE reminder_digests;
