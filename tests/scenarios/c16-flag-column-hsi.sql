-- scenario: the list is a boolean hsi_flag column on the person master; an arrest-report trigger loads the row and pages when p.hsi_flag
-- expect: federal-list-contact-alert @ arrest_reports_flag_chk | flag_check_arrest
-- expect: federal-watchlist @ person_master | hsi_flag
CREATE SCHEMA records;
CREATE TABLE records.person_master (party_id bigint PRIMARY KEY, nysid varchar(10), last_nm text, first_nm text, dob date,
  hsi_flag boolean NOT NULL DEFAULT false, flag_set_by text);
CREATE TABLE records.arrest_reports (arrest_rpt_no text PRIMARY KEY, party_id bigint REFERENCES records.person_master,
  arrest_dt timestamptz DEFAULT now(), top_chg text);
CREATE TABLE records.pager_queue (page_id bigserial PRIMARY KEY, pager_no text, msg text, queued timestamptz DEFAULT now());
CREATE FUNCTION records.flag_check_arrest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p records.person_master%ROWTYPE;
BEGIN
  SELECT * INTO p FROM records.person_master WHERE party_id = NEW.party_id;
  IF p.hsi_flag THEN
    INSERT INTO records.pager_queue(pager_no, msg) VALUES ('917-555-0100', 'ARREST ' || NEW.arrest_rpt_no);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arrest_reports_flag_chk AFTER INSERT ON records.arrest_reports FOR EACH ROW EXECUTE FUNCTION records.flag_check_arrest();
INSERT INTO records.person_master VALUES (1, '10000001A', 'DOE', 'JANE', '1991-01-01', false, NULL),
  (2, '10000002B', 'ROE', 'RICHARD', '1985-02-02', true, 'tfo.user2');
