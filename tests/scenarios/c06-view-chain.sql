-- scenario: list view over a view over a referral register whose provenance column marks DHS referrals; a summons trigger reads the top view
-- expect: federal-list-contact-alert @ trg_summons_watch | summons_watch_hit
CREATE SCHEMA intake;
CREATE SCHEMA analytics;
CREATE TABLE intake.referral_register (ref_no text PRIMARY KEY, person_id bigint, originating_agency text NOT NULL,
  status text DEFAULT 'OPEN', received date);
CREATE VIEW analytics.v_sourced_refs AS
  SELECT ref_no, person_id, status FROM intake.referral_register WHERE originating_agency IN ('DHS/HSI', 'DHS/ERO');
CREATE VIEW analytics.v_watch_open AS
  SELECT DISTINCT person_id FROM analytics.v_sourced_refs WHERE status = 'OPEN';
CREATE TABLE intake.summonses (summons_no text PRIMARY KEY, person_id bigint, issued timestamptz DEFAULT now(), offense text);
CREATE TABLE intake.messages (message_id bigserial PRIMARY KEY, for_user text, body text, created timestamptz DEFAULT now());
CREATE FUNCTION intake.summons_watch_hit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.person_id IN (SELECT w.person_id FROM analytics.v_watch_open w) THEN
    INSERT INTO intake.messages(for_user, body) VALUES ('det.ward', 'Summons ' || NEW.summons_no || ' issued to watched subject');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_summons_watch AFTER INSERT ON intake.summonses FOR EACH ROW EXECUTE FUNCTION intake.summons_watch_hit();
INSERT INTO intake.referral_register VALUES ('R-1', 41, 'DHS/HSI', 'OPEN', '2024-03-01'), ('R-2', 42, 'NYPD/GANG', 'OPEN', '2024-03-02');
