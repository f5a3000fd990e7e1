-- +goose Up
-- The console sorted by first name or by department (F-20) read the whole
-- establishment and sorted it: these indexes hold those orders with every
-- column the filters test, as accounts_list_name does for the name. They
-- also serve the search's prefix ranges on the two keys, so they replace
-- the narrow indexes.
DROP INDEX accounts_est_first_name;
DROP INDEX accounts_est_department;
CREATE INDEX accounts_list_first_name ON accounts (establishment_id, first_name_key, surname_key, id,
    status, expires_on, person_locked, profile);
CREATE INDEX accounts_list_department ON accounts (establishment_id, department_key, surname_key, first_name_key, id,
    status, expires_on, person_locked, profile);

-- +goose Down
DROP INDEX accounts_list_department;
DROP INDEX accounts_list_first_name;
CREATE INDEX accounts_est_first_name ON accounts (establishment_id, first_name_key) INCLUDE (id);
CREATE INDEX accounts_est_department ON accounts (establishment_id, department_key) INCLUDE (id);
