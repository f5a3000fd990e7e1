-- +goose Up
-- The seed's catalogue: 3 domains, 16 services. Operators manage it afterwards; it is data, not code.
INSERT INTO domains (code, name, position) VALUES ('carriere', 'Carrière', 1);
INSERT INTO domains (code, name, position) VALUES ('droits-pension', 'Droits à pension', 2);
INSERT INTO domains (code, name, position) VALUES ('cotisations', 'Cotisations', 3);
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'affiliation-cnracl', 'Affiliation CNRACL', 'https://services.sesame.example/affiliation-cnracl', 1 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'caracteristiques-agents', 'Caractéristiques de vos agents', 'https://services.sesame.example/caracteristiques-agents', 2 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'cir-cnracl', 'Comptes individuels retraite CNRACL', 'https://services.sesame.example/cir-cnracl', 3 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'cir-ircantec', 'Comptes individuels retraite Ircantec', 'https://services.sesame.example/cir-ircantec', 4 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'anomalies-carriere-cnracl', 'Gestion des anomalies carrière CNRACL', 'https://services.sesame.example/anomalies-carriere-cnracl', 5 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'mutation-masse-cnracl', 'Mutation de masse partielle CNRACL', 'https://services.sesame.example/mutation-masse-cnracl', 6 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'qualification-cir-cnracl', 'Qualification des comptes individuels retraite CNRACL', 'https://services.sesame.example/qualification-cir-cnracl', 7 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'validation-titulaire-ircantec', 'Validation de titulaire sans droit Ircantec', 'https://services.sesame.example/validation-titulaire-ircantec', 8 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'validations-periodes-cnracl', 'Validations de périodes CNRACL', 'https://services.sesame.example/validations-periodes-cnracl', 9 FROM domains WHERE code = 'carriere';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'avis-prealable-cnracl', 'Demande d''avis préalable CNRACL', 'https://services.sesame.example/avis-prealable-cnracl', 1 FROM domains WHERE code = 'droits-pension';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'demande-retraite', 'Demande de retraite CNRACL et RAFP', 'https://services.sesame.example/demande-retraite', 2 FROM domains WHERE code = 'droits-pension';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'estimation-pension-cnracl', 'Estimation de la pension CNRACL', 'https://services.sesame.example/estimation-pension-cnracl', 3 FROM domains WHERE code = 'droits-pension';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'liquidation-pensions-cnracl', 'Liquidation de pensions CNRACL', 'https://services.sesame.example/liquidation-pensions-cnracl', 4 FROM domains WHERE code = 'droits-pension';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'simulation-retraite-cnracl', 'Simulation de retraite CNRACL', 'https://services.sesame.example/simulation-retraite-cnracl', 5 FROM domains WHERE code = 'droits-pension';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'cotisations-compensations', 'Cotisations et Compensations PNC', 'https://services.sesame.example/cotisations-compensations', 1 FROM domains WHERE code = 'cotisations';
INSERT INTO services (domain_id, code, name, url, position) SELECT id, 'cotisations-individuelles', 'Gestion des cotisations individuelles', 'https://services.sesame.example/cotisations-individuelles', 2 FROM domains WHERE code = 'cotisations';

-- +goose Down
DELETE FROM services;
DELETE FROM domains;
