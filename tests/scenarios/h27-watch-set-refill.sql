-- scenario: the list the alert reads (watch_set) has a neutral name and no comment; a nightly pg_cron job empties it and refills
-- it from ext_feed_raw, whose comment says it is the SFTP drop from DHS HSI New York; a booking trigger notifies on any watch_set hit
-- expect: federal-list-contact-alert @ booking_log_ws | booking_ws_hit
-- expect: federal-watchlist @ ext_feed_raw | watch_set
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost',
  nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA ops;
CREATE TABLE ops.ext_feed_raw (line_no bigserial PRIMARY KEY, nysid varchar(10), rec_ref text, loaded timestamptz DEFAULT now());
COMMENT ON TABLE ops.ext_feed_raw IS 'Nightly SFTP drop from DHS HSI New York (subject extract), loaded by the ETL box';
CREATE TABLE ops.watch_set (nysid varchar(10) PRIMARY KEY);
CREATE TABLE ops.booking_log (bkg_no text PRIMARY KEY, nysid varchar(10), bkg_ts timestamptz DEFAULT now(), fac text);
CREATE FUNCTION ops.booking_ws_hit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ops.watch_set w WHERE w.nysid = NEW.nysid) THEN
    PERFORM pg_notify('ws_hit', NEW.bkg_no || ' ' || NEW.nysid || ' ' || coalesce(NEW.fac, ''));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER booking_log_ws AFTER INSERT ON ops.booking_log FOR EACH ROW EXECUTE FUNCTION ops.booking_ws_hit();
INSERT INTO ops.ext_feed_raw(nysid, rec_ref) VALUES ('10000051A', 'X-51'), ('10000052B', 'X-52');
INSERT INTO ops.watch_set SELECT DISTINCT nysid FROM ops.ext_feed_raw;
INSERT INTO cron.job(schedule, command, jobname) VALUES ('15 2 * * *',
$cmd$TRUNCATE ops.watch_set;
INSERT INTO ops.watch_set(nysid) SELECT DISTINCT r.nysid FROM ops.ext_feed_raw r WHERE r.nysid IS NOT NULL;$cmd$, 'ws_refill');
INSERT INTO ops.booking_log(bkg_no, nysid, fac) VALUES ('B24-8801', '10000053C', 'QCB');
