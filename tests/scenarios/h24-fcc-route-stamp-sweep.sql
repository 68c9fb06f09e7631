-- scenario: two-step alert: a BEFORE INSERT trigger stamps rte_cd = 'T7' on a field contact card when the subject is in grp_x
-- (table comment: HSI gang unit referrals); a pg_cron job every 10 minutes delivers recent T7-stamped cards to a message board
-- expect: federal-list-contact-alert @ fcc_hdr_stamp | fcc_route_stamp | fcc_t7_deliver
-- expect: federal-watchlist @ grp_x
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost',
  nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA fcc;
CREATE TABLE fcc.fcc_hdr (card_no text PRIMARY KEY, mni_no text NOT NULL, made_ts timestamptz DEFAULT now(), pct int, loc_txt text, rte_cd text,
  delivered boolean DEFAULT false);
CREATE TABLE fcc.grp_x (mni_no text PRIMARY KEY, grp text, ref_dt date);
COMMENT ON TABLE fcc.grp_x IS 'HSI gang unit referrals (MS-13 / TdA), per TFO request';
CREATE TABLE fcc.msg_board (msg_id bigserial PRIMARY KEY, board_cd text NOT NULL, msg text, posted timestamptz DEFAULT now());
CREATE FUNCTION fcc.fcc_route_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.mni_no IN (SELECT g.mni_no FROM fcc.grp_x g) THEN
    NEW.rte_cd := 'T7';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fcc_hdr_stamp BEFORE INSERT OR UPDATE OF mni_no ON fcc.fcc_hdr FOR EACH ROW EXECUTE FUNCTION fcc.fcc_route_stamp();
INSERT INTO fcc.grp_x VALUES ('M0500007', 'GRP-A', '2024-09-30');
INSERT INTO fcc.fcc_hdr(card_no, mni_no, pct, loc_txt) VALUES ('FC24-001', 'M0500001', 115, '37 AVE / 90 ST');
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/10 * * * *',
$cmd$WITH due AS (
  UPDATE fcc.fcc_hdr SET delivered = true
   WHERE rte_cd = 'T7' AND NOT delivered AND made_ts > now() - interval '10 minutes'
  RETURNING card_no, mni_no, pct, loc_txt)
INSERT INTO fcc.msg_board(board_cd, msg)
SELECT 'T7', 'card ' || card_no || ' mni ' || mni_no || ' pct ' || pct || ' ' || coalesce(loc_txt, '') FROM due$cmd$, 'fcc_t7_deliver');
