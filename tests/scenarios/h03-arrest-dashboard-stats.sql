-- scenario: an arrest trigger keeps a daily statistics row and, for the dashboard, counts how many HSI referrals are on file;
-- it pings the dashboard when that count is non-zero but never tests whether the arrestee is on the referral table
-- expect: federal-watchlist @ t_hsi_ref
-- forbid: federal-list-contact-alert,person-contact-alert,immigration-status-alert,federal-data-channel
CREATE SCHEMA tfo;
CREATE TABLE tfo.arr_evt (evt_no bigserial PRIMARY KEY, p_key bigint NOT NULL, evt_ts timestamptz DEFAULT now(), pct int, chg_cd text);
CREATE TABLE tfo.t_hsi_ref (p_key bigint PRIMARY KEY, ref_no text, rcvd date DEFAULT current_date);
COMMENT ON TABLE tfo.t_hsi_ref IS 'Referrals received from HSI New York (case deconfliction)';
CREATE TABLE tfo.stats_daily (d date PRIMARY KEY, arrests int DEFAULT 0, ref_on_file int, refreshed timestamptz);
CREATE FUNCTION tfo.bump_stats() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n int;
BEGIN
  SELECT count(*) INTO n FROM tfo.t_hsi_ref;
  INSERT INTO tfo.stats_daily AS s (d, arrests, ref_on_file, refreshed) VALUES (current_date, 1, n, now())
  ON CONFLICT (d) DO UPDATE SET arrests = s.arrests + 1, ref_on_file = EXCLUDED.ref_on_file, refreshed = now();
  IF n > 0 THEN
    PERFORM pg_notify('dash_refresh', 'arrests');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arr_evt_stats AFTER INSERT ON tfo.arr_evt FOR EACH ROW EXECUTE FUNCTION tfo.bump_stats();
INSERT INTO tfo.t_hsi_ref VALUES (7001, 'NY-HSI-24-0311', '2024-08-01'), (7002, 'NY-HSI-24-0312', '2024-08-01');
INSERT INTO tfo.arr_evt(p_key, pct, chg_cd) VALUES (7001, 40, 'PL 220.39'), (7003, 42, 'PL 120.00');
