-- scenario: materialized view filters a tip-source table to HSI referrals; the FI-card trigger reads it inside a CTE feeding an INSERT
-- expect: federal-list-contact-alert @ fi_cards_priority | fi_card_priority_hit
CREATE SCHEMA intel2;
CREATE SCHEMA patrol;
CREATE TABLE intel2.referral_sources (subject_id bigint, source_agency text, program text, created date DEFAULT current_date);
CREATE MATERIALIZED VIEW intel2.mv_priority_subjects AS
  SELECT DISTINCT subject_id FROM intel2.referral_sources WHERE source_agency = 'HSI';
CREATE TABLE patrol.fi_cards (card_no text PRIMARY KEY, subject_id bigint, fi_time timestamptz DEFAULT now(), sector text);
CREATE TABLE patrol.msg_queue (id bigserial PRIMARY KEY, to_user text, body text, queued timestamptz DEFAULT now());
CREATE FUNCTION patrol.fi_card_priority_hit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH hit AS (
    SELECT m.subject_id FROM intel2.mv_priority_subjects m WHERE m.subject_id = NEW.subject_id
  )
  INSERT INTO patrol.msg_queue(to_user, body)
  SELECT 'sgt.kowalski', 'FI card ' || NEW.card_no || ' sector ' || NEW.sector FROM hit;
  RETURN NEW;
END $$;
CREATE TRIGGER fi_cards_priority AFTER INSERT ON patrol.fi_cards FOR EACH ROW EXECUTE FUNCTION patrol.fi_card_priority_hit();
INSERT INTO intel2.referral_sources VALUES (71, 'HSI', 'GANG', DEFAULT), (72, 'NYPD', 'GANG', DEFAULT);
REFRESH MATERIALIZED VIEW intel2.mv_priority_subjects;
