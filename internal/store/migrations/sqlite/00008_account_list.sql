-- +goose Up
-- The console list (F-20…F-22) chooses a page's account IDs from index
-- entries alone, then reads only those rows. So what it filters and sorts
-- on of the person — lock state, last login — is copied onto their
-- accounts, kept in step by the triggers below (the application never
-- writes these two columns).
ALTER TABLE accounts ADD COLUMN person_locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN person_last_login DATETIME;
UPDATE accounts SET person_locked = (SELECT locked_at IS NOT NULL FROM persons WHERE id = accounts.person_id),
    person_last_login = (SELECT last_login_at FROM persons WHERE id = accounts.person_id);

-- +goose StatementBegin
CREATE TRIGGER accounts_person_copy_insert AFTER INSERT ON accounts
WHEN NEW.person_locked IS NOT (SELECT locked_at IS NOT NULL FROM persons WHERE id = NEW.person_id)
    OR NEW.person_last_login IS NOT (SELECT last_login_at FROM persons WHERE id = NEW.person_id)
BEGIN
    UPDATE accounts SET person_locked = (SELECT locked_at IS NOT NULL FROM persons WHERE id = NEW.person_id),
        person_last_login = (SELECT last_login_at FROM persons WHERE id = NEW.person_id)
    WHERE id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER persons_locked_to_accounts AFTER UPDATE OF locked_at ON persons
WHEN (OLD.locked_at IS NULL) <> (NEW.locked_at IS NULL)
BEGIN
    UPDATE accounts SET person_locked = (NEW.locked_at IS NOT NULL) WHERE person_id = NEW.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER persons_last_login_to_accounts AFTER UPDATE OF last_login_at ON persons
WHEN OLD.last_login_at IS NOT NEW.last_login_at
BEGIN
    UPDATE accounts SET person_last_login = NEW.last_login_at WHERE person_id = NEW.id;
END;
-- +goose StatementEnd

DROP INDEX accounts_est_name;
DROP INDEX accounts_est_expiry_name;
DROP INDEX accounts_est_status_expiry;
-- Sorted by name (the default), by expiry date or by last login (never
-- logged in first: NULL sorts first), with every column the filters test.
CREATE INDEX accounts_list_name ON accounts (establishment_id, surname_key, first_name_key, id,
    status, expires_on, person_locked, profile);
CREATE INDEX accounts_list_expiry ON accounts (establishment_id, expires_on, surname_key, first_name_key, id,
    status, person_locked, profile);
CREATE INDEX accounts_list_login ON accounts (establishment_id, person_last_login, surname_key, first_name_key, id,
    status, expires_on, person_locked, profile);
-- Counts, and the pages of the status and expiry filters, sorted by name.
CREATE INDEX accounts_list_status ON accounts (establishment_id, status, expires_on, person_locked,
    surname_key, first_name_key);

-- +goose Down
DROP INDEX accounts_list_status;
DROP INDEX accounts_list_login;
DROP INDEX accounts_list_expiry;
DROP INDEX accounts_list_name;
CREATE INDEX accounts_est_name ON accounts (establishment_id, surname_key, first_name_key, id);
CREATE INDEX accounts_est_expiry_name ON accounts (establishment_id, expires_on, surname_key, first_name_key, id);
CREATE INDEX accounts_est_status_expiry ON accounts (establishment_id, status, expires_on);
DROP TRIGGER persons_last_login_to_accounts;
DROP TRIGGER persons_locked_to_accounts;
DROP TRIGGER accounts_person_copy_insert;
ALTER TABLE accounts DROP COLUMN person_last_login;
ALTER TABLE accounts DROP COLUMN person_locked;
