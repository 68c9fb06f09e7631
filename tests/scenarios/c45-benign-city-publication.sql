-- scenario: benign — a logical-replication publication of CAD incidents for the city analytics warehouse (Office of Technology and Innovation); no list
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA cadpub;
CREATE TABLE cadpub.incidents (incident_id bigserial PRIMARY KEY, nature text, priority smallint, received timestamptz DEFAULT now(), precinct int);
CREATE TABLE cadpub.incident_dispositions (incident_id bigint REFERENCES cadpub.incidents, disposition text, closed timestamptz);
CREATE TABLE cadpub.incident_units (incident_id bigint REFERENCES cadpub.incidents, unit_id text, arrived timestamptz);
CREATE PUBLICATION pub_cad_city_dw FOR TABLE cadpub.incidents, cadpub.incident_dispositions, cadpub.incident_units;
COMMENT ON PUBLICATION pub_cad_city_dw IS 'Citywide analytics data warehouse, NYC Office of Technology and Innovation; no person identifiers';
INSERT INTO cadpub.incidents(nature, priority, precinct) VALUES ('NOISE', 6, 20), ('AUTO ACCIDENT', 4, 23);
INSERT INTO cadpub.incident_dispositions VALUES (1, '90-Z', now()), (2, '93-Q', now());
INSERT INTO cadpub.incident_units VALUES (1, '20A', now()), (2, '23C', now());
