-- +goose Up
-- Later words of the folded search keys ("humaines" in "ressources humaines",
-- "claire" in "marie-claire", "martin@mairie" in "celine.martin@mairie-x.fr"),
-- so a typed word prefix-matches any word of a field, not only the first one.
-- The first word of each key is found through the key columns themselves.
-- Filled from Go (Q.IndexAccountWords): the split must be sesame.FoldWords'.
CREATE TABLE account_words (
    establishment_id  BIGINT NOT NULL,
    word              TEXT COLLATE "C" NOT NULL,
    account_id        BIGINT NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (establishment_id, word, account_id)
);
CREATE INDEX account_words_account ON account_words (account_id);

-- A change of any searched key voids the account's words until
-- IndexAccountWords rebuilds them: a forgotten re-index then loses a
-- later-word match instead of keeping one that is no longer true.
-- +goose StatementBegin
CREATE FUNCTION account_words_void() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM account_words WHERE account_id = NEW.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER account_words_void AFTER UPDATE OF establishment_id, surname_key, first_name_key,
    identifier_key, email_key, department_key ON accounts
    FOR EACH ROW EXECUTE FUNCTION account_words_void();

-- The console list (F-20…F-22) walks these in order and stops after one page.
CREATE INDEX accounts_est_name ON accounts (establishment_id, surname_key, first_name_key, id);
CREATE INDEX accounts_est_expiry_name ON accounts (establishment_id, expires_on, surname_key, first_name_key, id);
-- Counts and the status/expiry filters, read from the index alone.
CREATE INDEX accounts_est_status_expiry ON accounts (establishment_id, status, expires_on);

-- +goose Down
DROP INDEX accounts_est_status_expiry;
DROP INDEX accounts_est_expiry_name;
DROP INDEX accounts_est_name;
DROP TRIGGER account_words_void ON accounts;
DROP FUNCTION account_words_void();
DROP TABLE account_words;
