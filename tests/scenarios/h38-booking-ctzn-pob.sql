-- scenario: no list: a booking-header trigger keyed on abbreviated citizenship and place-of-birth codes (ctzn_cd, pob_ctry) files a
-- tickler for the jail liaison sergeant
-- expect: immigration-status-alert @ bkg_hdr_ctzn | bkg_ctzn_tkl
-- forbid: federal-watchlist,federal-data-channel
CREATE SCHEMA jl;
CREATE TABLE jl.bkg_hdr (bkg_no text PRIMARY KEY, p_key bigint NOT NULL, bkg_ts timestamptz DEFAULT now(), fac_cd text,
  ctzn_cd char(3), pob_ctry char(3), lang_cd char(3));
COMMENT ON COLUMN jl.bkg_hdr.ctzn_cd IS 'citizenship, ISO 3166 alpha-3 as stated';
CREATE TABLE jl.tkl_q (id bigserial PRIMARY KEY, owner text NOT NULL, txt text, due date DEFAULT current_date);
CREATE FUNCTION jl.bkg_ctzn_tkl() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(NEW.ctzn_cd, 'UNK') <> 'USA' AND coalesce(NEW.pob_ctry, 'UNK') NOT IN ('USA', 'PRI', 'GUM', 'VIR') THEN
    INSERT INTO jl.tkl_q(owner, txt) VALUES ('sgt.liaison', 'bkg ' || NEW.bkg_no || ' ctzn ' || coalesce(NEW.ctzn_cd, '?') || ' pob ' || coalesce(NEW.pob_ctry, '?'));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bkg_hdr_ctzn AFTER INSERT ON jl.bkg_hdr FOR EACH ROW EXECUTE FUNCTION jl.bkg_ctzn_tkl();
INSERT INTO jl.bkg_hdr(bkg_no, p_key, fac_cd, ctzn_cd, pob_ctry, lang_cd) VALUES ('B24-55001', 55001, 'BKCB', 'USA', 'USA', 'ENG');
