-- +goose Up
-- Reminders already sent (F-50), so each goes once however often, and on
-- however many servers, the monthly job runs: the mail is queued in the
-- transaction that inserts the row, and a second insert of the same key
-- does nothing (ON CONFLICT DO NOTHING).
--   kind 'notice': to the holder of account_id, period = its expiry date;
--   kind 'digest': to the administrator holding account_id (which names the
--                  establishment), period = the month listed, 'YYYY-MM'.
CREATE TABLE reminders_sent (
    kind        TEXT NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    period      TEXT NOT NULL,
    sent_at     DATETIME NOT NULL,
    PRIMARY KEY (kind, account_id, period)
);

-- Letters to the legal representative (F-70), one per new administrator.
-- The new administrator is copied as they were at the change, so the letter
-- posted later says what happened; the recipient is the establishment's
-- representative at the time of printing.
CREATE TABLE letters (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    establishment_id  INTEGER NOT NULL REFERENCES establishments (id),
    account_id        INTEGER NOT NULL REFERENCES accounts (id),
    reason            TEXT NOT NULL,
    author_label      TEXT NOT NULL,
    changed_on        TEXT NOT NULL,
    admin_civility    TEXT NOT NULL,
    admin_surname     TEXT NOT NULL,
    admin_first_name  TEXT NOT NULL,
    admin_identifier  TEXT NOT NULL,
    admin_email       TEXT NOT NULL,
    created_at        DATETIME NOT NULL,
    sent_at           DATETIME,
    sent_by           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX letters_to_post ON letters (id) WHERE sent_at IS NULL;
CREATE INDEX letters_establishment ON letters (establishment_id, id);

-- The nightly run spends activation links past their expiry (F-50).
CREATE INDEX tokens_unused_expiry ON tokens (kind, expires_at) WHERE used_at IS NULL;

-- +goose Down
DROP INDEX tokens_unused_expiry;
DROP TABLE letters;
DROP TABLE reminders_sent;
