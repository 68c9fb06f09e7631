-- scenario: trigger inserts arrests of people on a local watch table into a foreign table on a postgres_fdw server at a CBP host
-- requires: postgres_fdw
-- expect: federal-data-channel,federal-list-contact-alert @ arrest_log_forward | forward_listed_arrest
-- expect: federal-data-channel @ encounter_intake | encounter_inbox
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER encounter_intake FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'intake.cbp.dhs.gov', port '5432', dbname 'encounters');
CREATE USER MAPPING FOR PUBLIC SERVER encounter_intake OPTIONS (user 'nypd_feed');
CREATE SCHEMA remote;
CREATE SCHEMA booking;
CREATE FOREIGN TABLE remote.encounter_inbox (nysid text, event_type text, event_at timestamptz, pct int)
  SERVER encounter_intake OPTIONS (schema_name 'public', table_name 'encounter_inbox');
CREATE TABLE booking.arrest_log (arrest_key bigserial PRIMARY KEY, nysid varchar(10), arrest_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE booking.watch_subjects (nysid varchar(10) PRIMARY KEY, set_name text);
CREATE FUNCTION booking.forward_listed_arrest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM booking.watch_subjects w WHERE w.nysid = NEW.nysid) THEN
    INSERT INTO remote.encounter_inbox VALUES (NEW.nysid, 'ARREST', NEW.arrest_ts, NEW.pct);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arrest_log_forward AFTER INSERT ON booking.arrest_log FOR EACH ROW EXECUTE FUNCTION booking.forward_listed_arrest();
INSERT INTO booking.watch_subjects VALUES ('10000003C', 'SET-1');
