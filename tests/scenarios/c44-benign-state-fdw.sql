-- scenario: benign — all arrests are forwarded over postgres_fdw to the state criminal-justice repository (host contains "justice"/"services", a state .ny.gov host); no list
-- requires: postgres_fdw
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER state_repository FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'ingest.criminaljustice-services.ny.gov', dbname 'arrest_intake');
COMMENT ON SERVER state_repository IS 'NYS Division of Criminal Justice Services arrest submission (state, required by CPL 160.20)';
CREATE SCHEMA stage;
CREATE FOREIGN TABLE stage.state_arrest_submissions (arrest_no text, nysid text, arrest_ts timestamptz, charge text) SERVER state_repository;
CREATE TABLE stage.arrests_local (arrest_no text PRIMARY KEY, nysid varchar(10), arrest_ts timestamptz DEFAULT now(), charge text);
CREATE FUNCTION stage.submit_to_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stage.state_arrest_submissions VALUES (NEW.arrest_no, NEW.nysid, NEW.arrest_ts, NEW.charge);
  RETURN NEW;
END $$;
CREATE TRIGGER arrests_local_state_submit AFTER INSERT ON stage.arrests_local FOR EACH ROW EXECUTE FUNCTION stage.submit_to_state();
