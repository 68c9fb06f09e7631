-- scenario: PL/pgSQL trigger function calls an SQL-language helper that tests membership in a USCIS referral table
-- expect: federal-list-contact-alert @ sqf_listed_subject | sqf_stop_screen
-- expect: federal-watchlist @ uscis_fraud_referrals
CREATE SCHEMA sqf;
CREATE SCHEMA xref;
CREATE TABLE sqf.stop_question_frisk (sqf_id bigserial PRIMARY KEY, person_id bigint, stop_time timestamptz DEFAULT now(),
  pct smallint, frisked boolean, searched boolean);
CREATE TABLE xref.uscis_fraud_referrals (person_id bigint PRIMARY KEY, case_ref text, referred date);
CREATE TABLE sqf.alerts_out (id bigserial PRIMARY KEY, route text, sqf_id bigint, created timestamptz DEFAULT now());
CREATE FUNCTION xref.on_list(p bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM xref.uscis_fraud_referrals r WHERE r.person_id = p)
$$;
CREATE FUNCTION sqf.sqf_stop_screen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF xref.on_list(NEW.person_id) THEN
    INSERT INTO sqf.alerts_out(route, sqf_id) VALUES ('tfo.desk', NEW.sqf_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER sqf_listed_subject AFTER INSERT ON sqf.stop_question_frisk FOR EACH ROW EXECUTE FUNCTION sqf.sqf_stop_screen();
INSERT INTO xref.uscis_fraud_referrals VALUES (9001, 'FR-01', '2024-05-05');
