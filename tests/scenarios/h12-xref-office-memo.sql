-- scenario: a cross-reference table maps master-name numbers to outside systems (NYSID, FBI, HSI-TECS); the arrest trigger's
-- INSERT ... SELECT joins the arrestee to the xref rows whose ext_sys is 'HSI-TECS' and posts an office memo to a detective
-- expect: federal-list-contact-alert @ arr_hdr_xref_memo | xref_memo_post
CREATE SCHEMA mni;
CREATE TABLE mni.subj_xref (mni_no text NOT NULL, ext_sys text NOT NULL, ext_id text NOT NULL, linked date DEFAULT current_date,
  PRIMARY KEY (mni_no, ext_sys));
CREATE TABLE mni.arr_hdr (arr_no text PRIMARY KEY, mni_no text NOT NULL, arr_ts timestamptz DEFAULT now(), pct int, top_chg text);
CREATE TABLE mni.ofc_memo (memo_id bigserial PRIMARY KEY, to_tax int NOT NULL, memo text, made timestamptz DEFAULT now(), read_ts timestamptz);
CREATE FUNCTION mni.xref_memo_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO mni.ofc_memo(to_tax, memo)
  SELECT 941207, 'Arrest ' || NEW.arr_no || ' pct ' || NEW.pct || ' - xref ' || x.ext_id
    FROM mni.subj_xref x
   WHERE x.mni_no = NEW.mni_no
     AND x.ext_sys = 'HSI-TECS';
  RETURN NEW;
END $$;
CREATE TRIGGER arr_hdr_xref_memo AFTER INSERT ON mni.arr_hdr FOR EACH ROW EXECUTE FUNCTION mni.xref_memo_post();
INSERT INTO mni.subj_xref(mni_no, ext_sys, ext_id) VALUES
  ('M0300001', 'NYSID', '10000021C'), ('M0300001', 'FBI', '123456AB7'),
  ('M0300002', 'NYSID', '10000022D'), ('M0300002', 'HSI-TECS', 'P2024XY0001');
INSERT INTO mni.arr_hdr(arr_no, mni_no, pct, top_chg) VALUES ('Q24-31001', 'M0300001', 110, 'VTL 511');
