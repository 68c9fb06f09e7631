-- scenario: the membership test is dynamic SQL built with format('%I.%I') naming an HSI referral log, executed with USING
-- expect: federal-list-contact-alert @ detentions_ref_lookup | detention_lookup
-- expect: federal-watchlist @ hsi_referral_log
CREATE SCHEMA ops;
CREATE SCHEMA fedref;
CREATE TABLE ops.detentions (detention_id bigserial PRIMARY KEY, person_id bigint, detained_at timestamptz DEFAULT now(), basis text);
CREATE TABLE fedref.hsi_referral_log (person_id bigint PRIMARY KEY, logged date DEFAULT current_date);
CREATE TABLE ops.outbound_alerts (alert_id bigserial PRIMARY KEY, send_to text, detention_id bigint, made_at timestamptz DEFAULT now());
CREATE FUNCTION ops.detention_lookup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  hit int;
BEGIN
  EXECUTE format('SELECT 1 FROM %I.%I WHERE person_id = $1', 'fedref', 'hsi_referral_log') INTO hit USING NEW.person_id;
  IF hit IS NOT NULL THEN
    INSERT INTO ops.outbound_alerts(send_to, detention_id) VALUES ('lt.marsh', NEW.detention_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER detentions_ref_lookup AFTER INSERT ON ops.detentions FOR EACH ROW EXECUTE FUNCTION ops.detention_lookup();
INSERT INTO fedref.hsi_referral_log(person_id) VALUES (12), (13);
INSERT INTO ops.detentions(person_id, basis) VALUES (12, 'INVESTIGATIVE');
