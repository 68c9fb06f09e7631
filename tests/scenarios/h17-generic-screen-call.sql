-- scenario: one generic trigger function on stops, summonses and arrests copies NEW into a record variable, reads the person key
-- with to_jsonb(r)->>'p_key', tests it against t_lead (column DEFAULT 'DHS-HSI') and CALLs a procedure that puts a line in an office tray
-- expect: federal-list-contact-alert @ stp_scr | subj_screen
-- expect: federal-list-contact-alert @ smn_scr | subj_screen
-- expect: federal-list-contact-alert @ arr_scr | subj_screen
-- expect: federal-watchlist @ t_lead
CREATE SCHEMA gen;
CREATE TABLE gen.stp (stp_no text PRIMARY KEY, p_key bigint, at timestamptz DEFAULT now(), pct int);
CREATE TABLE gen.smn (smn_no text PRIMARY KEY, p_key bigint, at timestamptz DEFAULT now(), pct int, viol text);
CREATE TABLE gen.arr (arr_no text PRIMARY KEY, p_key bigint, at timestamptz DEFAULT now(), pct int, chg text);
CREATE TABLE gen.t_lead (p_key bigint PRIMARY KEY, lead_no text, src text NOT NULL DEFAULT 'DHS-HSI', added date DEFAULT current_date);
CREATE TABLE gen.ofc_tray (id bigserial PRIMARY KEY, tray text NOT NULL, txt text, at timestamptz DEFAULT now());
CREATE PROCEDURE gen.tray_put(p_tray text, p_txt text) LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO gen.ofc_tray(tray, txt) VALUES (p_tray, p_txt);
END $$;
CREATE FUNCTION gen.subj_screen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  j jsonb;
  k text;
BEGIN
  r := NEW;
  j := to_jsonb(r);
  k := j ->> 'p_key';
  IF k::bigint IN (SELECT t.p_key FROM gen.t_lead t) THEN
    CALL gen.tray_put('LEAD', TG_TABLE_NAME || ' ' || k || ' pct ' || coalesce(j ->> 'pct', '?'));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stp_scr AFTER INSERT ON gen.stp FOR EACH ROW EXECUTE FUNCTION gen.subj_screen();
CREATE TRIGGER smn_scr AFTER INSERT ON gen.smn FOR EACH ROW EXECUTE FUNCTION gen.subj_screen();
CREATE TRIGGER arr_scr AFTER INSERT ON gen.arr FOR EACH ROW EXECUTE FUNCTION gen.subj_screen();
INSERT INTO gen.t_lead(p_key, lead_no) VALUES (90017, 'LD-0017'), (90018, 'LD-0018');
INSERT INTO gen.stp(stp_no, p_key, pct) VALUES ('S24-5001', 90017, 23);
INSERT INTO gen.arr(arr_no, p_key, pct, chg) VALUES ('M24-5002', 90001, 25, 'PL 165.40');
