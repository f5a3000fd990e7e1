-- +goose Up
-- What a link carries besides its person: the new address of an e-mail
-- change, confirmed from that address (F-44).
ALTER TABLE tokens ADD COLUMN payload TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE tokens DROP COLUMN payload;
