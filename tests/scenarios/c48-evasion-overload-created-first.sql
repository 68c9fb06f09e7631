-- scenario: evasion — an innocent overload with an argument is created first under the same name; the trigger runs the argument-less one, which alerts
-- expect: federal-list-contact-alert @ summons_followup
-- forbid: coverage-gap
CREATE SCHEMA tix;
CREATE TABLE tix.summonses (summons_no text PRIMARY KEY, subject_id bigint, issued timestamptz DEFAULT now());
CREATE TABLE tix.follow_list (subject_id bigint PRIMARY KEY, note text);
COMMENT ON TABLE tix.follow_list IS 'Subjects of interest to the HSI task force';
CREATE TABLE tix.desk (id bigserial PRIMARY KEY, body text);
CREATE FUNCTION tix.followup(p_days int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM tix.desk WHERE id < 0 - p_days;
END $$;
CREATE FUNCTION tix.followup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.subject_id IN (SELECT subject_id FROM tix.follow_list) THEN
    PERFORM pg_notify('desk', NEW.summons_no);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER summons_followup AFTER INSERT ON tix.summonses FOR EACH ROW EXECUTE FUNCTION tix.followup();
