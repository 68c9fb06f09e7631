-- scenario: trigger on arrest events runs a PL/pgSQL function that tests EXISTS on an ERO fugitive-target table and writes to an e-mail outbox
-- expect: federal-list-contact-alert @ arrest_events_target_hit | notify_target_arrest
-- expect: federal-watchlist @ ero_fugitive_targets
CREATE SCHEMA precinct;
CREATE SCHEMA tfo;
CREATE TABLE precinct.people (person_id integer PRIMARY KEY, nysid varchar(10) UNIQUE, surname text, given_name text, birth_date date);
CREATE TABLE precinct.arrest_events (arrest_no varchar(12) PRIMARY KEY, person_id integer REFERENCES precinct.people,
  arrested_at timestamptz NOT NULL DEFAULT now(), arresting_cmd smallint, charge_code text);
CREATE TABLE tfo.ero_fugitive_targets (person_id integer PRIMARY KEY REFERENCES precinct.people, target_ref text,
  entered_by text, entered_on date DEFAULT current_date);
CREATE TABLE precinct.outbox_messages (msg_id bigserial PRIMARY KEY, deliver_to text NOT NULL, channel text DEFAULT 'email',
  payload jsonb, queued_at timestamptz DEFAULT now(), sent_at timestamptz);
CREATE FUNCTION tfo.notify_target_arrest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM tfo.ero_fugitive_targets t WHERE t.person_id = NEW.person_id) THEN
    INSERT INTO precinct.outbox_messages(deliver_to, payload)
    VALUES ('det.squad12@nypd.example',
            jsonb_build_object('arrest_no', NEW.arrest_no, 'person_id', NEW.person_id, 'at', NEW.arrested_at));
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER arrest_events_target_hit AFTER INSERT ON precinct.arrest_events
  FOR EACH ROW EXECUTE FUNCTION tfo.notify_target_arrest();
INSERT INTO precinct.people VALUES (1, '10000001A', 'DOE', 'JOHN', '1990-01-01'), (2, '10000002B', 'ROE', 'MARIA', '1988-05-05');
INSERT INTO tfo.ero_fugitive_targets(person_id, target_ref, entered_by) VALUES (2, 'T-0001', 'tfo.user1');
INSERT INTO precinct.arrest_events(arrest_no, person_id, arresting_cmd, charge_code) VALUES ('K24000001', 1, 75, 'PL 155.25');
