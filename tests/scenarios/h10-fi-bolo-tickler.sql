-- scenario: RMS jargon (MNI, field interview, BOLO, tickler); the trigger function returns early unless the interviewed person is
-- on bolo_subj, then files a tickler item for the assigned detective; the BOLO rows carry src 'HSI NY' (list name is neutral)
-- expect: federal-list-contact-alert @ fld_int_bolo | fi_bolo_tickle
-- expect: federal-watchlist @ bolo_subj
CREATE SCHEMA rms2;
CREATE TABLE rms2.mni_master (mni_no text PRIMARY KEY, lname text, fname text, dob date);
CREATE TABLE rms2.fld_int (fi_no text PRIMARY KEY, mni_no text REFERENCES rms2.mni_master, fi_ts timestamptz DEFAULT now(), beat text, ofcr_tax int);
CREATE TABLE rms2.bolo_subj (mni_no text PRIMARY KEY, bolo_no text, src text, case_det_tax int, exp_dt date);
CREATE TABLE rms2.tickler_items (tkl_id bigserial PRIMARY KEY, owner_tax int NOT NULL, due date DEFAULT current_date, tkl_txt text, done boolean DEFAULT false);
CREATE FUNCTION rms2.fi_bolo_tickle() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b rms2.bolo_subj%ROWTYPE;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM rms2.bolo_subj s WHERE s.mni_no = NEW.mni_no) THEN
    RETURN NEW;
  END IF;
  SELECT * INTO b FROM rms2.bolo_subj WHERE mni_no = NEW.mni_no;
  INSERT INTO rms2.tickler_items(owner_tax, tkl_txt)
  VALUES (b.case_det_tax, 'BOLO ' || b.bolo_no || ': FI ' || NEW.fi_no || ' beat ' || coalesce(NEW.beat, '?'));
  RETURN NEW;
END $$;
CREATE TRIGGER fld_int_bolo AFTER INSERT ON rms2.fld_int FOR EACH ROW EXECUTE FUNCTION rms2.fi_bolo_tickle();
INSERT INTO rms2.mni_master VALUES ('M0200001', 'DOE', 'JOHN', '1988-08-08'), ('M0200002', 'ROE', 'MARY', '1997-07-07');
INSERT INTO rms2.bolo_subj VALUES ('M0200002', 'BOLO-24-17', 'HSI NY', 932001, '2025-12-31');
INSERT INTO rms2.fld_int(fi_no, mni_no, beat, ofcr_tax) VALUES ('FI24-000301', 'M0200001', '44-B', 955001);
