-- scenario: a summons trigger with an IF / ELSIF guard: an open local warrant goes to the warrant squad desk; otherwise a person on
-- ext_int (whose rows all carry agcy 'DHS/HSI') is posted to the TFO-7 desk
-- expect: federal-list-contact-alert @ summ_evt_aiu | summ_evt_route
-- expect: federal-watchlist @ ext_int
CREATE SCHEMA pct;
CREATE TABLE pct.summ_evt (summ_no text PRIMARY KEY, p_key bigint, issued timestamptz DEFAULT now(), viol_cd text, pct int);
CREATE TABLE pct.wrnt_open (wrnt_no text PRIMARY KEY, p_key bigint NOT NULL, court text, issued date);
CREATE TABLE pct.ext_int (p_key bigint PRIMARY KEY, agcy text NOT NULL, ref_no text, rcvd date);
CREATE TABLE pct.desk_inbox (id bigserial PRIMARY KEY, desk text NOT NULL, line text, posted timestamptz DEFAULT now(), ack boolean DEFAULT false);
CREATE FUNCTION pct.summ_evt_route() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pct.wrnt_open w WHERE w.p_key = NEW.p_key) THEN
    INSERT INTO pct.desk_inbox(desk, line) VALUES ('WARRANT SQUAD', 'summons ' || NEW.summ_no || ' to wanted person ' || NEW.p_key);
  ELSIF EXISTS (SELECT 1 FROM pct.ext_int x WHERE x.p_key = NEW.p_key) THEN
    INSERT INTO pct.desk_inbox(desk, line) VALUES ('TFO-7', 'summons ' || NEW.summ_no || ' pct ' || NEW.pct || ' subj ' || NEW.p_key);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER summ_evt_aiu AFTER INSERT OR UPDATE OF p_key ON pct.summ_evt FOR EACH ROW EXECUTE FUNCTION pct.summ_evt_route();
INSERT INTO pct.wrnt_open VALUES ('BW-24-0101', 5100, 'KINGS CRIM', '2024-01-12');
INSERT INTO pct.ext_int VALUES (5001, 'DHS/HSI', 'HSI-NY-0091', '2024-10-02'), (5002, 'DHS/HSI', 'HSI-NY-0094', '2024-10-03');
INSERT INTO pct.summ_evt(summ_no, p_key, viol_cd, pct) VALUES ('4421000001', 5200, 'AC 10-125', 81);
