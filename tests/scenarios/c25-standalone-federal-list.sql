-- scenario: an ICE ERO priority-case table held in the database with nothing alerting on it
-- expect: federal-watchlist @ ice_ero_priority_cases
-- forbid: person-contact-alert,federal-list-contact-alert,federal-data-channel
CREATE SCHEMA ref;
CREATE SCHEMA arrests;
CREATE TABLE ref.ice_ero_priority_cases (case_no text PRIMARY KEY, nysid varchar(10), priority smallint, received_on date, notes text);
COMMENT ON TABLE ref.ice_ero_priority_cases IS 'Spreadsheet import, received by e-mail; not linked to any process';
CREATE TABLE arrests.arrest_master (arrest_no text PRIMARY KEY, nysid varchar(10), arrest_dt timestamptz DEFAULT now(), pct int);
CREATE TABLE arrests.arrest_charges (arrest_no text REFERENCES arrests.arrest_master, seq int, law_code text, PRIMARY KEY (arrest_no, seq));
CREATE TABLE arrests.arrest_notifications (id bigserial PRIMARY KEY, arrest_no text, to_user text, created timestamptz DEFAULT now());
INSERT INTO ref.ice_ero_priority_cases VALUES ('EP-1', '10000005E', 1, '2024-09-01', NULL), ('EP-2', '10000006F', 2, '2024-09-02', NULL);
INSERT INTO arrests.arrest_master(arrest_no, nysid, pct) VALUES ('M24000001', '10000007G', 14);
INSERT INTO arrests.arrest_charges VALUES ('M24000001', 1, 'PL 140.10');
