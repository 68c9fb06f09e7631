-- scenario: a diversion program's case manager is told when an enrolled participant is arrested; "federal" appears only as the
-- federal poverty level used for eligibility and as Federal Express on evidence shipments
-- expect: person-contact-alert @ arr_div_notice | div_participant_arrest
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA div;
CREATE TABLE div.enrollees (p_key bigint PRIMARY KEY, program text NOT NULL, case_mgr_email text NOT NULL, fpl_pct numeric(5,1), enrolled date);
COMMENT ON COLUMN div.enrollees.fpl_pct IS 'Household income as a percentage of the federal poverty level (eligibility <= 200)';
COMMENT ON TABLE div.enrollees IS 'Pre-arraignment diversion participants (DA / Center for Court Innovation program)';
CREATE TABLE div.evid_ship (ship_id bigserial PRIMARY KEY, voucher_no text, carrier text DEFAULT 'Federal Express', tracking_no text, shipped date);
CREATE TABLE div.arrests (arr_no text PRIMARY KEY, p_key bigint, arr_ts timestamptz DEFAULT now(), pct int, top_chg text);
CREATE TABLE div.mail_out (id bigserial PRIMARY KEY, mail_to text NOT NULL, subj text, body text, queued timestamptz DEFAULT now());
CREATE FUNCTION div.div_participant_arrest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e div.enrollees%ROWTYPE;
BEGIN
  SELECT * INTO e FROM div.enrollees WHERE p_key = NEW.p_key;
  IF FOUND THEN
    INSERT INTO div.mail_out(mail_to, subj, body)
    VALUES (e.case_mgr_email, 'Participant arrested', e.program || ': arrest ' || NEW.arr_no || ' pct ' || NEW.pct);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arr_div_notice AFTER INSERT ON div.arrests FOR EACH ROW EXECUTE FUNCTION div.div_participant_arrest();
INSERT INTO div.enrollees VALUES (40001, 'YOUTH PATHWAYS', 'cm.doe@diversion.example.org', 132.5, '2024-06-01');
INSERT INTO div.evid_ship(voucher_no, tracking_no, shipped) VALUES ('V24-100221', '7712 3344 5566', '2024-11-12');
INSERT INTO div.arrests(arr_no, p_key, pct, top_chg) VALUES ('K24-99001', 40002, 77, 'PL 145.00');
