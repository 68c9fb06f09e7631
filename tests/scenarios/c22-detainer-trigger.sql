-- scenario: corrections intake trigger notifies the release desk when an I-247A detainer is recorded (immigration detainer attribute, no list)
-- expect: immigration-status-alert @ intake_detainer_watch | detainer_release_watch
CREATE SCHEMA corrections;
CREATE TABLE corrections.intake_records (intake_id bigserial PRIMARY KEY, inmate_id bigint NOT NULL, admitted_at timestamptz DEFAULT now(),
  detainer_type text, detainer_lodged_on date, housing_unit text);
CREATE TABLE corrections.release_watch (id bigserial PRIMARY KEY, inmate_id bigint, notify_desk text, reason text, created timestamptz DEFAULT now());
CREATE FUNCTION corrections.detainer_release_watch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.detainer_type IN ('I-247A', 'I-203') THEN
    INSERT INTO corrections.release_watch(inmate_id, notify_desk, reason)
    VALUES (NEW.inmate_id, 'RELEASE DESK', 'detainer ' || NEW.detainer_type);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER intake_detainer_watch AFTER INSERT OR UPDATE OF detainer_type ON corrections.intake_records
  FOR EACH ROW EXECUTE FUNCTION corrections.detainer_release_watch();
