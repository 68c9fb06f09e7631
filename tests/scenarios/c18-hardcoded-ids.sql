-- scenario: hard-coded NYSID list in a trigger body; the only provenance is a code comment saying an HSI agent supplied it
-- expect: federal-list-contact-alert @ csu_summons_watch | summons_nysid_watch
CREATE SCHEMA csu;
CREATE TABLE csu.criminal_summonses (summons_no text PRIMARY KEY, nysid varchar(10), issued_on timestamptz DEFAULT now(), section text);
CREATE FUNCTION csu.summons_nysid_watch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.nysid IN ('10000001A', '10000002B', '10000003C', '10000004D') THEN -- list provided by HSI agent, keep quiet
    PERFORM pg_notify('csu_watch', NEW.nysid || '|' || NEW.summons_no);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER csu_summons_watch AFTER INSERT ON csu.criminal_summonses FOR EACH ROW EXECUTE FUNCTION csu.summons_nysid_watch();
INSERT INTO csu.criminal_summonses(summons_no, nysid, section) VALUES ('S-0001', '10000009Z', 'AC 10-125');
