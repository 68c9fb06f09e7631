-- scenario: benign — the missing persons squad is notified when a reported-missing person appears on a police contact log
-- expect: person-contact-alert @ contact_log_mpu_located | mpu_located_notify
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA mpu;
CREATE SCHEMA patrol_log;
CREATE TABLE patrol_log.contact_log ("ContactID" bigserial PRIMARY KEY, "PersonKey" bigint, "ContactTime" timestamptz DEFAULT now(), "Location" text);
CREATE TABLE mpu.missing_persons_cases (case_no text PRIMARY KEY, "PersonKey" bigint, reported date, investigator_tax int, closed boolean DEFAULT false);
CREATE FUNCTION mpu.mpu_located_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_case text;
  v_tax int;
BEGIN
  SELECT case_no, investigator_tax INTO v_case, v_tax FROM mpu.missing_persons_cases
   WHERE "PersonKey" = NEW."PersonKey" AND NOT closed;
  IF v_case IS NOT NULL THEN
    PERFORM pg_notify('mpu_located', json_build_object('case', v_case, 'investigator', v_tax, 'where', NEW."Location")::text);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contact_log_mpu_located AFTER INSERT ON patrol_log.contact_log FOR EACH ROW EXECUTE FUNCTION mpu.mpu_located_notify();
INSERT INTO mpu.missing_persons_cases VALUES ('MP-24-001', 91, '2024-03-03', 933001, false);
