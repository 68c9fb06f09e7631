-- A fictional city records system. Every person, number and address here is invented.
CREATE SCHEMA records;
CREATE SCHEMA gangs;
CREATE SCHEMA notify;
CREATE SCHEMA analytics;
CREATE SCHEMA hr;

CREATE TABLE records.persons (person_id bigint PRIMARY KEY, sid text UNIQUE, surname text, given_name text, born date);
COMMENT ON TABLE records.persons IS 'Master name index';
INSERT INTO records.persons
SELECT g, lpad(g::text, 8, '0') || 'Z', 'SURNAME' || g, 'GIVEN' || g, date '1970-01-01' + (g * 37) % 12000
FROM generate_series(1, 300) g;

CREATE TABLE records.arrests (arrest_id bigserial PRIMARY KEY, person_id bigint REFERENCES records.persons,
  arrested_at timestamptz DEFAULT now(), precinct int, top_charge text);
CREATE TABLE records.summonses (summons_id bigserial PRIMARY KEY, person_id bigint REFERENCES records.persons,
  issued_at timestamptz DEFAULT now(), offense text);
CREATE TABLE records.stops (stop_id bigserial PRIMARY KEY, person_id bigint REFERENCES records.persons,
  stopped_at timestamptz DEFAULT now(), precinct int, frisked boolean);
CREATE TABLE records.field_interviews (fi_id bigserial PRIMARY KEY, person_id bigint REFERENCES records.persons,
  interviewed_at timestamptz DEFAULT now(), location text);
CREATE TABLE records.warrants (warrant_no text PRIMARY KEY, person_id bigint REFERENCES records.persons,
  court text, detective_email text);
CREATE TABLE records.missing_persons (case_no text PRIMARY KEY, person_id bigint REFERENCES records.persons,
  reported_on date, squad_email text);
CREATE TABLE records.arrest_audit (id bigserial PRIMARY KEY, op text, row_data jsonb, at timestamptz DEFAULT now());
CREATE TABLE records.print_jobs (job_id bigserial PRIMARY KEY, arrest_id bigint, state text DEFAULT 'queued');

INSERT INTO records.arrests(person_id, precinct, top_charge)
SELECT 1 + (g * 7) % 300, 1 + g % 77, (ARRAY['PL 155.25', 'PL 120.00', 'VTL 511'])[1 + g % 3]
FROM generate_series(1, 250) g;
INSERT INTO records.summonses(person_id, offense) SELECT 1 + (g * 11) % 300, 'AC 10-125' FROM generate_series(1, 120) g;
INSERT INTO records.stops(person_id, precinct, frisked) SELECT 1 + (g * 13) % 300, 1 + g % 77, g % 4 = 0 FROM generate_series(1, 150) g;
INSERT INTO records.field_interviews(person_id, location) SELECT 1 + (g * 17) % 300, 'Sector ' || g % 9 FROM generate_series(1, 90) g;
INSERT INTO records.warrants SELECT 'W-' || g, 1 + (g * 19) % 300, 'Criminal Court', 'warrant.squad@pd.example' FROM generate_series(1, 20) g;
INSERT INTO records.missing_persons SELECT 'MP-' || g, 1 + (g * 23) % 300, current_date - g, 'mps@pd.example' FROM generate_series(1, 5) g;

-- The DOI-style alert: a task-force list requested by HSI, and triggers on every contact table.
CREATE TABLE gangs.task_force_subjects (person_id bigint PRIMARY KEY REFERENCES records.persons,
  gang text, requested_by text DEFAULT 'HSI', added_on date DEFAULT current_date);
COMMENT ON TABLE gangs.task_force_subjects IS 'Subjects of interest to the federal gang task force';
INSERT INTO gangs.task_force_subjects(person_id, gang) SELECT g * 10, 'Crew ' || g % 3 FROM generate_series(1, 12) g;
CREATE TABLE notify.outbox (id bigserial PRIMARY KEY, recipient text NOT NULL, subject text, body text,
  created_at timestamptz DEFAULT now());

CREATE FUNCTION gangs.subject_contact_alert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gangs.task_force_subjects s WHERE s.person_id = NEW.person_id) THEN
    INSERT INTO notify.outbox(recipient, subject, body)
    VALUES ('tfo.desk@pd.example', 'Police contact: listed subject', TG_TABLE_NAME || ' ' || NEW.person_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arrests_subject_alert AFTER INSERT ON records.arrests FOR EACH ROW EXECUTE FUNCTION gangs.subject_contact_alert();
CREATE TRIGGER summonses_subject_alert AFTER INSERT ON records.summonses FOR EACH ROW EXECUTE FUNCTION gangs.subject_contact_alert();
CREATE TRIGGER stops_subject_alert AFTER INSERT ON records.stops FOR EACH ROW EXECUTE FUNCTION gangs.subject_contact_alert();

-- A saved search kept as data, mailed every half hour.
CREATE TABLE analytics.saved_searches (search_id int PRIMARY KEY, title text, query_sql text, schedule text,
  email_to text, owner text);
INSERT INTO analytics.saved_searches VALUES
 (1, 'Arrests by precinct today', 'SELECT precinct, count(*) FROM records.arrests WHERE arrested_at::date = current_date GROUP BY precinct', '0 18 * * *', 'co.office@pd.example', 'analyst.one'),
 (2, 'Warrant hits this week', 'SELECT a.arrest_id, w.warrant_no FROM records.arrests a JOIN records.warrants w ON w.person_id = a.person_id WHERE a.arrested_at > now() - interval ''7 days''', '0 8 * * 1', 'warrant.squad@pd.example', 'det.two'),
 (3, 'Task force subjects interviewed', 'SELECT f.fi_id, f.interviewed_at FROM records.field_interviews f WHERE f.person_id IN (SELECT person_id FROM gangs.task_force_subjects) AND f.interviewed_at > now() - interval ''30 minutes''', '*/30 * * * *', 'po.three@pd.example', 'po.three');

-- A scheduled job of pg_cron's shape that polls new field interviews.
CREATE SCHEMA cron;
CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL,
  nodename text DEFAULT 'localhost', nodeport int DEFAULT 5432, database text DEFAULT current_database(),
  username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/10 * * * *',
 $cmd$INSERT INTO notify.outbox(recipient, subject) SELECT 'tfo.desk@pd.example', 'FI ' || f.fi_id FROM records.field_interviews f JOIN gangs.task_force_subjects t ON t.person_id = f.person_id WHERE f.interviewed_at > now() - interval '10 minutes'$cmd$,
 'fi_subject_sweep'),
 ('0 3 * * *', 'DELETE FROM records.print_jobs WHERE state = ''done''', 'purge_print_jobs');

-- Benign lookalikes: warrant hits, missing persons, audit, a job queue, emergency contacts.
CREATE FUNCTION records.warrant_hit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
  SELECT detective_email INTO d FROM records.warrants WHERE person_id = NEW.person_id;
  IF d IS NOT NULL THEN PERFORM pg_notify('warrant_hit', d || ':' || NEW.arrest_id); END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arrests_warrant_hit AFTER INSERT ON records.arrests FOR EACH ROW EXECUTE FUNCTION records.warrant_hit();

CREATE FUNCTION records.missing_person_found() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notify.outbox(recipient, subject)
  SELECT m.squad_email, 'Missing person contact ' || m.case_no FROM records.missing_persons m WHERE m.person_id = NEW.person_id;
  RETURN NEW;
END $$;
CREATE TRIGGER stops_missing_person AFTER INSERT ON records.stops FOR EACH ROW EXECUTE FUNCTION records.missing_person_found();

CREATE FUNCTION records.audit_arrest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO records.arrest_audit(op, row_data) VALUES (TG_OP, to_jsonb(NEW)); RETURN NEW; END $$;
CREATE TRIGGER arrests_audit AFTER INSERT OR UPDATE ON records.arrests FOR EACH ROW EXECUTE FUNCTION records.audit_arrest();

CREATE FUNCTION records.queue_prints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO records.print_jobs(arrest_id) VALUES (NEW.arrest_id);
  PERFORM pg_notify('print_worker', NEW.arrest_id::text);
  RETURN NEW;
END $$;
CREATE TRIGGER arrests_print_queue AFTER INSERT ON records.arrests FOR EACH ROW EXECUTE FUNCTION records.queue_prints();

CREATE TABLE hr.members (tax_no int PRIMARY KEY, rank text);
CREATE TABLE hr.ice_contacts (tax_no int REFERENCES hr.members, contact_name text, phone text);
COMMENT ON TABLE hr.ice_contacts IS 'In Case of Emergency contacts for members of the service';
CREATE TABLE hr.line_of_duty_injuries (report_id bigserial PRIMARY KEY, tax_no int, at timestamptz DEFAULT now());
CREATE FUNCTION hr.call_emergency_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ice_contact', (SELECT phone FROM hr.ice_contacts WHERE tax_no = NEW.tax_no LIMIT 1));
  RETURN NEW;
END $$;
CREATE TRIGGER injuries_call_contact AFTER INSERT ON hr.line_of_duty_injuries FOR EACH ROW EXECUTE FUNCTION hr.call_emergency_contact();

CREATE VIEW analytics.arrests_by_precinct AS SELECT precinct, count(*) AS arrests FROM records.arrests GROUP BY precinct;
CREATE VIEW analytics.recent_stops AS SELECT * FROM records.stops WHERE stopped_at > now() - interval '1 day';
CREATE MATERIALIZED VIEW analytics.charge_counts AS SELECT top_charge, count(*) AS n FROM records.arrests GROUP BY top_charge;
