-- +goose Up
CREATE TABLE establishments (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    siret            TEXT NOT NULL UNIQUE,
    street           TEXT NOT NULL,
    postcode         TEXT NOT NULL,
    city             TEXT NOT NULL,
    rep_civility     TEXT NOT NULL,
    rep_surname      TEXT NOT NULL,
    rep_first_name   TEXT NOT NULL,
    rep_title        TEXT NOT NULL,
    rep_street       TEXT NOT NULL,
    rep_postcode     TEXT NOT NULL,
    rep_city         TEXT NOT NULL,
    created_at       DATETIME NOT NULL
);

CREATE TABLE persons (
    id               INTEGER PRIMARY KEY,
    identifier       TEXT NOT NULL UNIQUE,
    password_hash    TEXT NOT NULL DEFAULT '',
    civility         TEXT NOT NULL,
    surname          TEXT NOT NULL,
    first_name       TEXT NOT NULL,
    email            TEXT NOT NULL,
    email_key        TEXT NOT NULL,
    phone            TEXT NOT NULL DEFAULT '',
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_at        DATETIME,
    last_login_at    DATETIME,
    password_set_at  DATETIME,
    created_at       DATETIME NOT NULL
);
CREATE INDEX persons_email_key ON persons (email_key);

-- The *_key columns are accent- and case-folded copies (sesame.Fold) so the
-- console searches word prefixes with index ranges in one establishment.
CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY,
    establishment_id  INTEGER NOT NULL REFERENCES establishments (id),
    person_id         INTEGER NOT NULL REFERENCES persons (id),
    profile           TEXT NOT NULL,
    department        TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    expires_on        TEXT NOT NULL,
    created_by        INTEGER REFERENCES accounts (id),
    created_at        DATETIME NOT NULL,
    deleted_at        DATETIME,
    surname_key       TEXT NOT NULL,
    first_name_key    TEXT NOT NULL,
    identifier_key    TEXT NOT NULL,
    email_key         TEXT NOT NULL,
    department_key    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX accounts_one_live_per_person ON accounts (establishment_id, person_id) WHERE status <> 'deleted';
CREATE INDEX accounts_person ON accounts (person_id);
CREATE INDEX accounts_est_surname ON accounts (establishment_id, surname_key);
CREATE INDEX accounts_est_first_name ON accounts (establishment_id, first_name_key);
CREATE INDEX accounts_est_identifier ON accounts (establishment_id, identifier_key);
CREATE INDEX accounts_est_email ON accounts (establishment_id, email_key);
CREATE INDEX accounts_est_department ON accounts (establishment_id, department_key);
CREATE INDEX accounts_expiry ON accounts (expires_on, status);

CREATE TABLE domains (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL
);

CREATE TABLE services (
    id         INTEGER PRIMARY KEY,
    domain_id  INTEGER NOT NULL REFERENCES domains (id),
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL,
    position   INTEGER NOT NULL
);

CREATE TABLE rights (
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    service_id  INTEGER NOT NULL REFERENCES services (id),
    level       TEXT NOT NULL,
    PRIMARY KEY (account_id, service_id)
);

CREATE TABLE tokens (
    id          INTEGER PRIMARY KEY,
    hash        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES persons (id),
    account_id  INTEGER REFERENCES accounts (id),
    created_at  DATETIME NOT NULL,
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME
);
CREATE INDEX tokens_person ON tokens (person_id, kind);

CREATE TABLE sessions (
    hash              TEXT PRIMARY KEY,
    person_id         INTEGER NOT NULL REFERENCES persons (id),
    establishment_id  INTEGER REFERENCES establishments (id),
    created_at        DATETIME NOT NULL,
    seen_at           DATETIME NOT NULL,
    idle_expires_at   DATETIME NOT NULL,
    expires_at        DATETIME NOT NULL,
    ip                TEXT NOT NULL DEFAULT '',
    user_agent        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE audit_events (
    id                INTEGER PRIMARY KEY,
    at                DATETIME NOT NULL,
    establishment_id  INTEGER REFERENCES establishments (id),
    actor_person_id   INTEGER REFERENCES persons (id),
    actor_label       TEXT NOT NULL,
    ip                TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL,
    account_id        INTEGER REFERENCES accounts (id),
    person_id         INTEGER REFERENCES persons (id),
    detail            TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_est_at ON audit_events (establishment_id, at);
CREATE INDEX audit_events_person ON audit_events (person_id, at);

CREATE TABLE sequences (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO sequences (name, value) VALUES ('identifier', 0);

-- +goose Down
DROP TABLE sequences;
DROP TABLE audit_events;
DROP TABLE sessions;
DROP TABLE tokens;
DROP TABLE rights;
DROP TABLE services;
DROP TABLE domains;
DROP TABLE accounts;
DROP TABLE persons;
DROP TABLE establishments;
