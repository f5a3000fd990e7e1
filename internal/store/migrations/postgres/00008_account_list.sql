-- +goose Up
-- The console list (F-20…F-22) chooses a page's account IDs from index
-- entries alone, then reads only those rows. So what it filters and sorts
-- on of the person — lock state, last login — is copied onto their
-- accounts, kept in step by the triggers below (the application never
-- writes these two columns). 0/1 rather than boolean, so the same SQL runs
-- on SQLite.
ALTER TABLE accounts ADD COLUMN person_locked SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN person_last_login TIMESTAMPTZ;
UPDATE accounts a SET person_locked = CASE WHEN p.locked_at IS NULL THEN 0 ELSE 1 END,
    person_last_login = p.last_login_at
    FROM persons p WHERE p.id = a.person_id;

-- +goose StatementBegin
CREATE FUNCTION accounts_person_copy_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT CASE WHEN p.locked_at IS NULL THEN 0 ELSE 1 END, p.last_login_at
        INTO NEW.person_locked, NEW.person_last_login
        FROM persons p WHERE p.id = NEW.person_id;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER accounts_person_copy_insert BEFORE INSERT ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_person_copy_insert();

-- +goose StatementBegin
CREATE FUNCTION persons_copy_to_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts SET person_locked = CASE WHEN NEW.locked_at IS NULL THEN 0 ELSE 1 END,
        person_last_login = NEW.last_login_at
        WHERE person_id = NEW.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER persons_copy_to_accounts AFTER UPDATE OF locked_at, last_login_at ON persons
    FOR EACH ROW WHEN ((OLD.locked_at IS NULL) <> (NEW.locked_at IS NULL)
        OR OLD.last_login_at IS DISTINCT FROM NEW.last_login_at)
    EXECUTE FUNCTION persons_copy_to_accounts();

DROP INDEX accounts_est_name;
DROP INDEX accounts_est_expiry_name;
DROP INDEX accounts_est_status_expiry;
-- Sorted by name (the default), by expiry date or by last login (never
-- logged in first, as on SQLite), with every column the filters test.
CREATE INDEX accounts_list_name ON accounts (establishment_id, surname_key, first_name_key, id,
    status, expires_on, person_locked, profile);
CREATE INDEX accounts_list_expiry ON accounts (establishment_id, expires_on, surname_key, first_name_key, id,
    status, person_locked, profile);
CREATE INDEX accounts_list_login ON accounts (establishment_id, person_last_login NULLS FIRST, surname_key,
    first_name_key, id, status, expires_on, person_locked, profile);
-- Counts, and the pages of the status and expiry filters, sorted by name.
CREATE INDEX accounts_list_status ON accounts (establishment_id, status, expires_on, person_locked,
    surname_key, first_name_key);

-- Search reads account IDs from the key indexes of 00001; unlike SQLite's,
-- PostgreSQL's indexes do not hold the row ID, so they carry it, and a
-- search word's range is answered from the index alone.
DROP INDEX accounts_est_surname;
DROP INDEX accounts_est_first_name;
DROP INDEX accounts_est_identifier;
DROP INDEX accounts_est_email;
DROP INDEX accounts_est_department;
CREATE INDEX accounts_est_surname ON accounts (establishment_id, surname_key) INCLUDE (id);
CREATE INDEX accounts_est_first_name ON accounts (establishment_id, first_name_key) INCLUDE (id);
CREATE INDEX accounts_est_identifier ON accounts (establishment_id, identifier_key) INCLUDE (id);
CREATE INDEX accounts_est_email ON accounts (establishment_id, email_key) INCLUDE (id);
CREATE INDEX accounts_est_department ON accounts (establishment_id, department_key) INCLUDE (id);

-- +goose Down
DROP INDEX accounts_est_surname;
DROP INDEX accounts_est_first_name;
DROP INDEX accounts_est_identifier;
DROP INDEX accounts_est_email;
DROP INDEX accounts_est_department;
CREATE INDEX accounts_est_surname ON accounts (establishment_id, surname_key);
CREATE INDEX accounts_est_first_name ON accounts (establishment_id, first_name_key);
CREATE INDEX accounts_est_identifier ON accounts (establishment_id, identifier_key);
CREATE INDEX accounts_est_email ON accounts (establishment_id, email_key);
CREATE INDEX accounts_est_department ON accounts (establishment_id, department_key);
DROP INDEX accounts_list_status;
DROP INDEX accounts_list_login;
DROP INDEX accounts_list_expiry;
DROP INDEX accounts_list_name;
CREATE INDEX accounts_est_name ON accounts (establishment_id, surname_key, first_name_key, id);
CREATE INDEX accounts_est_expiry_name ON accounts (establishment_id, expires_on, surname_key, first_name_key, id);
CREATE INDEX accounts_est_status_expiry ON accounts (establishment_id, status, expires_on);
DROP TRIGGER persons_copy_to_accounts ON persons;
DROP FUNCTION persons_copy_to_accounts();
DROP TRIGGER accounts_person_copy_insert ON accounts;
DROP FUNCTION accounts_person_copy_insert();
ALTER TABLE accounts DROP COLUMN person_last_login;
ALTER TABLE accounts DROP COLUMN person_locked;
