-- scenario: history keeping: every insert, update and delete on arrest and stop headers is copied, unconditionally, into *_hist
-- tables (branching only on TG_OP) and into a generic change log with to_jsonb(NEW); no list, no one is told anything
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA rmsh;
CREATE TABLE rmsh.arr_hdr (arr_no text PRIMARY KEY, mni_no text, arr_ts timestamptz DEFAULT now(), pct int, top_chg text);
CREATE TABLE rmsh.stp_hdr (stp_no text PRIMARY KEY, mni_no text, stp_ts timestamptz DEFAULT now(), pct int, frisk_flg boolean);
CREATE TABLE rmsh.arr_hdr_hist (LIKE rmsh.arr_hdr, op char(1), chg_by text, chg_ts timestamptz);
CREATE TABLE rmsh.stp_hdr_hist (LIKE rmsh.stp_hdr, op char(1), chg_by text, chg_ts timestamptz);
CREATE TABLE rmsh.chg_log (id bigserial PRIMARY KEY, tbl text, op text, row_img jsonb, chg_by text DEFAULT session_user, chg_ts timestamptz DEFAULT now());
CREATE FUNCTION rmsh.arr_hist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO rmsh.arr_hdr_hist SELECT OLD.*, 'D', session_user, now();
    RETURN OLD;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO rmsh.arr_hdr_hist SELECT NEW.*, 'U', session_user, now();
  ELSE
    INSERT INTO rmsh.arr_hdr_hist SELECT NEW.*, 'I', session_user, now();
  END IF;
  RETURN NEW;
END $$;
CREATE FUNCTION rmsh.stp_hist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO rmsh.stp_hdr_hist SELECT OLD.*, 'D', session_user, now();
    RETURN OLD;
  END IF;
  INSERT INTO rmsh.stp_hdr_hist SELECT NEW.*, left(TG_OP, 1), session_user, now();
  RETURN NEW;
END $$;
CREATE FUNCTION rmsh.log_chg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rmsh.chg_log(tbl, op, row_img)
  VALUES (TG_TABLE_NAME, TG_OP, CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END);
  RETURN NULL;
END $$;
CREATE TRIGGER arr_hdr_h AFTER INSERT OR UPDATE OR DELETE ON rmsh.arr_hdr FOR EACH ROW EXECUTE FUNCTION rmsh.arr_hist();
CREATE TRIGGER stp_hdr_h AFTER INSERT OR UPDATE OR DELETE ON rmsh.stp_hdr FOR EACH ROW EXECUTE FUNCTION rmsh.stp_hist();
CREATE TRIGGER arr_hdr_log AFTER INSERT OR UPDATE OR DELETE ON rmsh.arr_hdr FOR EACH ROW EXECUTE FUNCTION rmsh.log_chg();
CREATE TRIGGER stp_hdr_log AFTER INSERT OR UPDATE OR DELETE ON rmsh.stp_hdr FOR EACH ROW EXECUTE FUNCTION rmsh.log_chg();
INSERT INTO rmsh.arr_hdr(arr_no, mni_no, pct, top_chg) VALUES ('K24-70001', 'M0100001', 67, 'PL 140.20');
INSERT INTO rmsh.stp_hdr(stp_no, mni_no, pct, frisk_flg) VALUES ('S24-12001', 'M0100002', 67, false);
UPDATE rmsh.arr_hdr SET top_chg = 'PL 140.25' WHERE arr_no = 'K24-70001';
