-- scenario: benign — when a person flagged armed_and_dangerous / caution_flag is attached to a call, the responding unit gets an officer-safety caution
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA rmsx;
CREATE SCHEMA cadops;
CREATE TABLE rmsx.persons (person_id bigint PRIMARY KEY, last_name text, first_name text, caution_flag boolean DEFAULT false,
  armed_and_dangerous boolean DEFAULT false, caution_text text);
CREATE TABLE cadops.call_persons (call_no text, person_id bigint, assigned_unit text, linked_at timestamptz DEFAULT now());
CREATE FUNCTION cadops.officer_safety_caution() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p rmsx.persons%ROWTYPE;
BEGIN
  SELECT * INTO p FROM rmsx.persons WHERE person_id = NEW.person_id;
  IF p.armed_and_dangerous OR p.caution_flag THEN
    PERFORM pg_notify('unit_' || lower(NEW.assigned_unit), 'OFFICER SAFETY: ' || coalesce(p.caution_text, 'use caution'));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER call_persons_safety AFTER INSERT ON cadops.call_persons FOR EACH ROW EXECUTE FUNCTION cadops.officer_safety_caution();
INSERT INTO rmsx.persons VALUES (1, 'DOE', 'JIM', true, false, 'known to resist'), (2, 'ROE', 'PAT', false, false, NULL);
