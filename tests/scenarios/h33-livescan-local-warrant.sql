-- scenario: local warrant hit keyed on the FBI number: when livescan prints come back for an arrest, the trigger looks the FBI
-- number up in the county's open bench-warrant table and tells the warrant squad; the list is local, FBI number is only an identifier
-- expect: person-contact-alert @ arr_prints_wrnt | prints_wrnt_hit
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA lsc;
CREATE TABLE lsc.arr_prints (arr_no text PRIMARY KEY, fbi_no varchar(9), sid_no varchar(10), returned timestamptz DEFAULT now(), pct int);
COMMENT ON COLUMN lsc.arr_prints.fbi_no IS 'FBI number (UCN) returned with the state identification response';
CREATE TABLE lsc.wrnt_local (wrnt_no text PRIMARY KEY, fbi_no varchar(9), court text NOT NULL, status text DEFAULT 'OPEN', issued date);
COMMENT ON TABLE lsc.wrnt_local IS 'Open bench warrants, county criminal and supreme courts';
CREATE TABLE lsc.wrnt_sqd_inbox (id bigserial PRIMARY KEY, wrnt_no text, arr_no text, note text, at timestamptz DEFAULT now());
CREATE FUNCTION lsc.prints_wrnt_hit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lsc.wrnt_sqd_inbox(wrnt_no, arr_no, note)
  SELECT w.wrnt_no, NEW.arr_no, 'prints returned, open warrant ' || w.court
    FROM lsc.wrnt_local w
   WHERE w.fbi_no = NEW.fbi_no AND w.status = 'OPEN';
  RETURN NEW;
END $$;
CREATE TRIGGER arr_prints_wrnt AFTER INSERT OR UPDATE OF fbi_no ON lsc.arr_prints FOR EACH ROW EXECUTE FUNCTION lsc.prints_wrnt_hit();
INSERT INTO lsc.wrnt_local VALUES ('BW-NY-24-0771', '432100XY1', 'NEW YORK CRIM', 'OPEN', '2024-04-04');
INSERT INTO lsc.arr_prints(arr_no, fbi_no, sid_no, pct) VALUES ('M24-88001', '555111AA2', '10000061A', 28);
