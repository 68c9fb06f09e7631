-- scenario: function run hourly by pg_cron ships recent field contacts of ERO hold-list people with COPY ... TO PROGRAM curl to an ice.gov upload host
-- expect: federal-data-channel @ ship_recent_contacts | hourly_contact_export
-- expect: federal-list-contact-alert @ ship_recent_contacts | hourly_contact_export
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost', nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA rec;
CREATE SCHEMA exports;
CREATE TABLE rec.field_contacts (fc_id bigserial PRIMARY KEY, person_id bigint, contact_at timestamptz DEFAULT now(), pct int);
CREATE TABLE rec.ero_hold_list (person_id bigint PRIMARY KEY, hold_ref text);
CREATE FUNCTION exports.ship_recent_contacts() RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  COPY (SELECT c.person_id, c.contact_at, c.pct
        FROM rec.field_contacts c JOIN rec.ero_hold_list h ON h.person_id = c.person_id
        WHERE c.contact_at > now() - interval '1 hour')
    TO PROGRAM 'curl -sS -T - https://upload.ice.gov/ny/contacts.csv' WITH (FORMAT csv);
END $$;
INSERT INTO cron.job(schedule, command, jobname) VALUES ('0 * * * *', 'SELECT exports.ship_recent_contacts()', 'hourly_contact_export');
