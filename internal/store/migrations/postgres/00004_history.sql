-- +goose Up
-- The history page (F-27) reads an establishment's events, and the
-- person-level events (no establishment: failed logins, lockouts…) of the
-- people who have or had an account in it.

-- Its people, deleted accounts included (the partial unique index of
-- 00001 leaves those out).
CREATE INDEX accounts_est_person ON accounts (establishment_id, person_id);
-- From each of those people to their person-level events, without reading
-- the whole platform's.
CREATE INDEX audit_events_person_est ON audit_events (person_id, establishment_id, at);
-- The "Opération" and "Auteur" filters, newest first.
CREATE INDEX audit_events_est_kind ON audit_events (establishment_id, kind, at);
CREATE INDEX audit_events_est_actor ON audit_events (establishment_id, actor_person_id, at);

-- +goose Down
DROP INDEX audit_events_est_actor;
DROP INDEX audit_events_est_kind;
DROP INDEX audit_events_person_est;
DROP INDEX accounts_est_person;
