-- scenario: vehicle stops are checked against the stolen-vehicle hot sheet by licence plate and dispatch is notified; the test is
-- on the vehicle, not on the driver (who is recorded by person key on the same row)
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA trf;
CREATE TABLE trf.veh_stop (stop_no text PRIMARY KEY, drv_p_key bigint, plate text NOT NULL, plate_st char(2) DEFAULT 'NY', stop_ts timestamptz DEFAULT now(),
  pct int, unit text);
CREATE TABLE trf.hot_sheet_plates (plate text NOT NULL, plate_st char(2) NOT NULL, reason text DEFAULT 'STOLEN', entered date DEFAULT current_date,
  PRIMARY KEY (plate, plate_st));
COMMENT ON TABLE trf.hot_sheet_plates IS 'Daily stolen / wanted vehicle hot sheet (auto crime division)';
CREATE FUNCTION trf.hot_plate_chk() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  why text;
BEGIN
  SELECT h.reason INTO why FROM trf.hot_sheet_plates h WHERE h.plate = NEW.plate AND h.plate_st = NEW.plate_st;
  IF why IS NOT NULL THEN
    PERFORM pg_notify('dispatch_' || coalesce(NEW.pct::text, 'cw'), 'HOT PLATE ' || NEW.plate || ' (' || why || ') unit ' || coalesce(NEW.unit, '?'));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER veh_stop_hot AFTER INSERT ON trf.veh_stop FOR EACH ROW EXECUTE FUNCTION trf.hot_plate_chk();
INSERT INTO trf.hot_sheet_plates(plate, plate_st) VALUES ('KDX4471', 'NY'), ('JRT2290', 'NJ');
INSERT INTO trf.veh_stop(stop_no, drv_p_key, plate, pct, unit) VALUES ('VS24-0101', 33001, 'HNB1123', 109, '109-RMP-4');
