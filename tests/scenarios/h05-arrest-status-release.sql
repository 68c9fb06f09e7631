-- scenario: statement-level AFTER UPDATE trigger with OLD and NEW transition tables: when arrest events change status to released,
-- the rows whose subject is on set 07 (its table comment names the JTTF liaison) are posted to a dispatch board
-- expect: federal-list-contact-alert @ arr_evt_stat_chg | arr_evt_release_post
-- expect: federal-watchlist @ t_lst_07
CREATE SCHEMA ae;
CREATE TABLE ae.arr_evt (evt_no text PRIMARY KEY, subj_mni text NOT NULL, evt_cd text, evt_ts timestamptz DEFAULT now(),
  stat_cd text DEFAULT 'HELD', fac_cd text);
CREATE TABLE ae.t_lst_07 (subj_mni text PRIMARY KEY, ref_cd text, eff_dt date);
COMMENT ON TABLE ae.t_lst_07 IS 'Set 07: subjects referred through the JTTF liaison; post any release';
CREATE TABLE ae.dispatch_board (post_id bigserial PRIMARY KEY, board text NOT NULL, line_txt text, posted timestamptz DEFAULT now(),
  cleared boolean DEFAULT false);
CREATE FUNCTION ae.arr_evt_release_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ae.dispatch_board(board, line_txt)
  SELECT 'SET07', 'released ' || n.evt_no || ' from ' || coalesce(n.fac_cd, '?') || ' mni ' || n.subj_mni
    FROM chg_new n
    JOIN chg_old o ON o.evt_no = n.evt_no
    JOIN ae.t_lst_07 l ON l.subj_mni = n.subj_mni
   WHERE n.stat_cd = 'REL' AND o.stat_cd IS DISTINCT FROM n.stat_cd;
  RETURN NULL;
END $$;
CREATE TRIGGER arr_evt_stat_chg AFTER UPDATE ON ae.arr_evt
  REFERENCING OLD TABLE AS chg_old NEW TABLE AS chg_new
  FOR EACH STATEMENT EXECUTE FUNCTION ae.arr_evt_release_post();
INSERT INTO ae.t_lst_07 VALUES ('M7700012', 'R-07-004', '2024-06-15');
INSERT INTO ae.arr_evt(evt_no, subj_mni, evt_cd, fac_cd) VALUES ('E24-90001', 'M7700001', 'ARR', 'MDC'), ('E24-90002', 'M7700002', 'ARR', 'BKCB');
UPDATE ae.arr_evt SET stat_cd = 'ARGN' WHERE evt_no = 'E24-90001';
