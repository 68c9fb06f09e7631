-- scenario: the list is a code on the master name record: mni.hot_cd, whose column comment says H = hold for HSI task-force
-- notification (W = local warrant); the CAD call-subject trigger reads the code and a CASE statement picks the channel
-- expect: federal-list-contact-alert @ call_subj_hotfile | call_subj_hot_chk
-- expect: federal-watchlist @ hot_cd | mni
CREATE SCHEMA cad;
CREATE TABLE cad.mni (mni_no text PRIMARY KEY, lname text, fname text, dob date, hot_cd char(1), hot_set_by text, hot_set_dt date);
COMMENT ON COLUMN cad.mni.hot_cd IS 'Hot file code: H = hold for HSI task force notification, W = local warrant on file, NULL = none';
CREATE TABLE cad.call_subj (call_no text NOT NULL, seq smallint NOT NULL, mni_no text, role_cd text, added_ts timestamptz DEFAULT now(),
  unit_id text, PRIMARY KEY (call_no, seq));
CREATE FUNCTION cad.call_subj_hot_chk() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v char(1);
BEGIN
  SELECT m.hot_cd INTO v FROM cad.mni m WHERE m.mni_no = NEW.mni_no;
  CASE v
    WHEN 'H' THEN
      PERFORM pg_notify('hf_h', NEW.call_no || '/' || NEW.seq || ' ' || NEW.mni_no || ' unit ' || coalesce(NEW.unit_id, '-'));
    WHEN 'W' THEN
      PERFORM pg_notify('hf_w', NEW.call_no || '/' || NEW.seq);
    ELSE
      NULL;
  END CASE;
  RETURN NEW;
END $$;
CREATE TRIGGER call_subj_hotfile AFTER INSERT ON cad.call_subj FOR EACH ROW EXECUTE FUNCTION cad.call_subj_hot_chk();
INSERT INTO cad.mni VALUES ('M0400001', 'DOE', 'RAY', '1979-01-31', NULL, NULL, NULL),
  ('M0400002', 'ROE', 'ANA', '1993-05-05', 'H', 'po.tfo5', '2024-11-01'),
  ('M0400003', 'ROE', 'LEO', '1986-06-06', 'W', 'wsq.desk', '2024-02-02');
INSERT INTO cad.call_subj(call_no, seq, mni_no, role_cd, unit_id) VALUES ('C24-0913-0042', 1, 'M0400001', 'CMPL', '52-A');
