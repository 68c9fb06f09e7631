-- scenario: trigger on criminal summons entries pushes listed people's summonses to an ERO host with dblink_exec
-- requires: dblink
-- expect: federal-data-channel @ summons_entries_sync | sync_listed_summons
-- expect: federal-list-contact-alert @ summons_entries_sync | sync_listed_summons
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE SCHEMA pct;
CREATE TABLE pct.summons_entries (summons_no text PRIMARY KEY, nysid varchar(10), issued_at timestamptz DEFAULT now(), violation text);
CREATE TABLE pct.crew_associates (nysid varchar(10) PRIMARY KEY, crew text, added date);
CREATE FUNCTION pct.sync_listed_summons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.nysid IN (SELECT a.nysid FROM pct.crew_associates a) THEN
    PERFORM dblink_exec('host=ero-sync.ice.dhs.gov dbname=ny_intake user=feed',
      format('INSERT INTO contacts(nysid, kind, at) VALUES (%L, %L, %L)', NEW.nysid, 'SUMMONS', NEW.issued_at));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER summons_entries_sync AFTER INSERT ON pct.summons_entries FOR EACH ROW EXECUTE FUNCTION pct.sync_listed_summons();
INSERT INTO pct.crew_associates VALUES ('10000004D', 'CREW-9', '2024-07-07');
