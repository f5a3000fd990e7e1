-- +goose Up
-- Terms of use (F-60): versions published by operators, and which
-- establishment accepted which version, by whom, when.
CREATE TABLE cgu_versions (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    published_at  DATETIME NOT NULL,
    published_by  TEXT NOT NULL
);

CREATE TABLE cgu_acceptances (
    establishment_id  INTEGER NOT NULL REFERENCES establishments (id),
    cgu_id            INTEGER NOT NULL REFERENCES cgu_versions (id),
    account_id        INTEGER NOT NULL REFERENCES accounts (id),
    person_id         INTEGER NOT NULL REFERENCES persons (id),
    accepted_at       DATETIME NOT NULL,
    PRIMARY KEY (establishment_id, cgu_id)
);

-- +goose Down
DROP TABLE cgu_acceptances;
DROP TABLE cgu_versions;
