-- scenario: a postgres_fdw server with a neutral name (lnk2) points at a host under dhs.gov; a field-contact trigger inserts the
-- contacts of people on a local crew list into a foreign table on that server
-- requires: postgres_fdw
-- expect: federal-data-channel,federal-list-contact-alert @ fcc_fwd | fwd_listed
-- expect: federal-data-channel @ lnk2 | inbox_b
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER lnk2 FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'relay7.hsin.dhs.gov', port '5433', dbname 'lx');
CREATE USER MAPPING FOR PUBLIC SERVER lnk2 OPTIONS (user 'svc_rx');
CREATE SCHEMA rx;
CREATE FOREIGN TABLE rx.inbox_b (k text, t text, at timestamptz, loc text) SERVER lnk2 OPTIONS (schema_name 'public', table_name 'inbox_b');
CREATE TABLE rx.fcc (fcc_no text PRIMARY KEY, k varchar(10) NOT NULL, at timestamptz DEFAULT now(), loc text, pct int);
CREATE TABLE rx.crew (k varchar(10) PRIMARY KEY, crew_cd text);
COMMENT ON TABLE rx.crew IS 'crew associates, precinct intel';
CREATE FUNCTION rx.fwd_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rx.inbox_b(k, t, at, loc)
  SELECT NEW.k, 'FCC', NEW.at, NEW.loc FROM rx.crew c WHERE c.k = NEW.k;
  RETURN NEW;
END $$;
CREATE TRIGGER fcc_fwd AFTER INSERT ON rx.fcc FOR EACH ROW EXECUTE FUNCTION rx.fwd_listed();
INSERT INTO rx.crew VALUES ('10000071A', 'C-3');
