-- scenario: an HSI referral table exists (read only by a count view), but the arrest trigger checks the local gang database and
-- messages the gang squad; nothing that alerts ever reads the HSI table
-- expect: person-contact-alert @ arr_gang_local | gang_local_hit
-- expect: federal-watchlist @ hsi_ref_rcvd
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert
CREATE SCHEMA intel;
CREATE TABLE intel.hsi_ref_rcvd (nysid varchar(10) PRIMARY KEY, hsi_case text, rcvd date);
CREATE VIEW intel.v_ref_counts AS SELECT date_trunc('month', rcvd) AS mon, count(*) AS n FROM intel.hsi_ref_rcvd GROUP BY 1;
CREATE TABLE intel.gang_local (nysid varchar(10) PRIMARY KEY, gang text, verified_by text, review_due date);
COMMENT ON TABLE intel.gang_local IS 'Gang database, precinct-verified entries, reviewed every 3 years';
CREATE TABLE intel.arrests (arr_no text PRIMARY KEY, nysid varchar(10), arr_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE intel.squad_msgs (id bigserial PRIMARY KEY, squad text NOT NULL, msg text, at timestamptz DEFAULT now());
CREATE FUNCTION intel.gang_local_hit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.nysid IN (SELECT g.nysid FROM intel.gang_local g) THEN
    INSERT INTO intel.squad_msgs(squad, msg) VALUES ('GANG SQUAD BKN', 'arrest ' || NEW.arr_no || ' pct ' || NEW.pct);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arr_gang_local AFTER INSERT ON intel.arrests FOR EACH ROW EXECUTE FUNCTION intel.gang_local_hit();
INSERT INTO intel.hsi_ref_rcvd VALUES ('10000091A', 'HSI-NY-24-301', '2024-10-10');
INSERT INTO intel.gang_local VALUES ('10000092B', 'CREW-X', 'sgt.gang', '2026-01-01');
INSERT INTO intel.arrests(arr_no, nysid, pct) VALUES ('K24-92001', '10000093C', 73);
