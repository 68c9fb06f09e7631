-- scenario: pg_cron job every 15 minutes messages a supervisor about new bookings that carry an alien registration number (no list)
-- expect: immigration-status-alert @ booking_anum_check
-- forbid: federal-data-channel
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost', nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA dtn;
CREATE TABLE dtn.booking_intake (intake_no bigserial PRIMARY KEY, arrestee_id bigint, booked_ts timestamptz DEFAULT now(),
  alien_number varchar(11), facility_code text);
CREATE TABLE dtn.supervisor_msgs (id bigserial PRIMARY KEY, to_login text, body text, created timestamptz DEFAULT now());
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/15 * * * *',
$cmd$INSERT INTO dtn.supervisor_msgs(to_login, body)
SELECT 'capt.vance', 'intake ' || b.intake_no || ' facility ' || b.facility_code
FROM dtn.booking_intake b
WHERE b.alien_number IS NOT NULL AND b.booked_ts > now() - interval '15 minutes'$cmd$, 'booking_anum_check');
