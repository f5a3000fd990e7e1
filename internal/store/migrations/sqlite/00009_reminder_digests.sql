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

-- Administrators are a few per cent of the accounts, and are looked for by
-- establishment and name (the reminders' notices and digests, the "Mes
-- intervenants" and dashboard panels): a partial index holds just them.
CREATE INDEX accounts_admins ON accounts (establishment_id, surname_key, first_name_key, id) WHERE profile = 'admin';

-- +goose Down
DROP INDEX accounts_admins;
DROP TABLE reminder_digests;
