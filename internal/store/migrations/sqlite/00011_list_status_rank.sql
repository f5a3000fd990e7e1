-- +goose Up
-- The console sorted or grouped by status (F-20, F-22) read the whole
-- establishment and sorted it, the effective status depending on today.
-- status_rank is the stored status in the order of the French labels —
-- 1 Actif, 2 Bloqué (the person locked), 3 En attente d'activation,
-- 4 Expiré, 5 deleted — not judging the date, so an index holds it. The
-- list takes each rank in name order from accounts_list_status_rank and
-- moves the few accounts past their date that the nightly run has not
-- expired yet to rank 4 (store.statusRankUnion). Triggers keep it in step
-- with status and person_locked: the application never writes it, but
-- the generator, which writes it right, spares them a second write.
-- 3 is the default because every new account starts pending.
ALTER TABLE accounts ADD COLUMN status_rank INTEGER NOT NULL DEFAULT 3;
UPDATE accounts SET status_rank = CASE status WHEN 'active' THEN 1 + person_locked
    WHEN 'pending' THEN 3 WHEN 'expired' THEN 4 ELSE 5 END;

-- +goose StatementBegin
CREATE TRIGGER accounts_status_rank_insert AFTER INSERT ON accounts
WHEN NEW.status_rank IS NOT CASE NEW.status WHEN 'active' THEN 1 + NEW.person_locked
    WHEN 'pending' THEN 3 WHEN 'expired' THEN 4 ELSE 5 END
BEGIN
    UPDATE accounts SET status_rank = CASE status WHEN 'active' THEN 1 + person_locked
        WHEN 'pending' THEN 3 WHEN 'expired' THEN 4 ELSE 5 END
    WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER accounts_status_rank_update AFTER UPDATE OF status, person_locked ON accounts
WHEN NEW.status_rank IS NOT CASE NEW.status WHEN 'active' THEN 1 + NEW.person_locked
    WHEN 'pending' THEN 3 WHEN 'expired' THEN 4 ELSE 5 END
BEGIN
    UPDATE accounts SET status_rank = CASE status WHEN 'active' THEN 1 + person_locked
        WHEN 'pending' THEN 3 WHEN 'expired' THEN 4 ELSE 5 END
    WHERE id = NEW.id;
END;
-- +goose StatementEnd

CREATE INDEX accounts_list_status_rank ON accounts (establishment_id, status_rank, surname_key, first_name_key, id,
    status, expires_on, person_locked, profile);

-- +goose Down
DROP INDEX accounts_list_status_rank;
DROP TRIGGER accounts_status_rank_update;
DROP TRIGGER accounts_status_rank_insert;
ALTER TABLE accounts DROP COLUMN status_rank;
