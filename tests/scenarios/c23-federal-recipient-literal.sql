-- scenario: purely local gang roster, but each stop of a roster member is mailed to an ice.dhs.gov address
-- expect: federal-list-contact-alert @ stops_roster_mail | mail_roster_stop
CREATE SCHEMA gvu;
CREATE SCHEMA mail;
CREATE TABLE gvu.gang_roster (individual_id bigint PRIMARY KEY, set_name text, verified_by text, verified_on date);
COMMENT ON TABLE gvu.gang_roster IS 'Gang Violence Unit roster, local criteria';
CREATE TABLE gvu.street_stops (stop_no bigserial PRIMARY KEY, individual_id bigint, stop_dt timestamptz DEFAULT now(), post text);
CREATE TABLE mail.outgoing (mail_id bigserial PRIMARY KEY, recipient text NOT NULL, subj text, body text, queued timestamptz DEFAULT now());
CREATE FUNCTION gvu.mail_roster_stop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gvu.gang_roster r WHERE r.individual_id = NEW.individual_id) THEN
    INSERT INTO mail.outgoing(recipient, subj, body)
    VALUES ('agent.x@ice.dhs.gov', 'Stop of roster member', 'stop ' || NEW.stop_no || ' post ' || NEW.post);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stops_roster_mail AFTER INSERT ON gvu.street_stops FOR EACH ROW EXECUTE FUNCTION gvu.mail_roster_stop();
INSERT INTO gvu.gang_roster VALUES (21, 'SET-X', 'det.one', '2024-01-01');
