-- scenario: evasion — two functions whose names fold to the same text: "NOTIFY_FN" alerts, notify_fn does nothing; only the trigger on the quoted one alerts, and it must be found whichever was created first
-- expect: federal-list-contact-alert @ stops_upper
-- forbid: person-contact-alert
CREATE SCHEMA pat;
CREATE TABLE pat.stops (stop_id bigserial PRIMARY KEY, person_id bigint, stop_ts timestamptz DEFAULT now());
CREATE TABLE pat.lookouts (person_id bigint PRIMARY KEY, source_agency text);
CREATE TABLE pat.pager (id bigserial PRIMARY KEY, msg text);
CREATE FUNCTION pat.notify_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION pat."NOTIFY_FN"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM pat.lookouts l WHERE l.person_id = NEW.person_id;
  IF FOUND THEN
    INSERT INTO pat.pager(msg) VALUES ('stop ' || NEW.stop_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stops_lower AFTER INSERT ON pat.stops FOR EACH ROW EXECUTE FUNCTION pat.notify_fn();
CREATE TRIGGER stops_upper AFTER INSERT ON pat.stops FOR EACH ROW EXECUTE FUNCTION pat."NOTIFY_FN"();
INSERT INTO pat.lookouts VALUES (5, 'CBP NTC'), (6, 'CBP NTC');
