-- scenario: pg_cron job (several statements) polls contact reports from the last 10 minutes joined to an ICE gang referral list and messages a named detective
-- expect: federal-list-contact-alert @ contact_report_sweep
-- expect: federal-watchlist @ ice_gang_referrals
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost', nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA fio;
CREATE SCHEMA tf;
CREATE TABLE fio.contact_reports (report_id bigserial PRIMARY KEY, subject_id bigint, contact_ts timestamptz DEFAULT now(),
  command_code text, narrative text);
CREATE TABLE tf.ice_gang_referrals (subject_id bigint PRIMARY KEY, clique text, referred date);
CREATE TABLE tf.user_messages (msg_id bigserial PRIMARY KEY, username text NOT NULL, subject text, body text,
  created timestamptz DEFAULT now(), is_read boolean DEFAULT false);
CREATE TABLE tf.sweep_state (job text PRIMARY KEY, last_run timestamptz);
INSERT INTO tf.sweep_state VALUES ('contacts', NULL);
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/10 * * * *',
$cmd$INSERT INTO tf.user_messages(username, subject, body)
  SELECT 'det.m.lopez', 'New contact', 'contact report ' || c.report_id || ' subject ' || c.subject_id
  FROM fio.contact_reports c JOIN tf.ice_gang_referrals r ON r.subject_id = c.subject_id
  WHERE c.contact_ts > now() - interval '10 minutes';
UPDATE tf.sweep_state SET last_run = now() WHERE job = 'contacts';$cmd$, 'contact_report_sweep');
INSERT INTO cron.job(schedule, command, jobname) VALUES ('0 3 * * *', 'VACUUM ANALYZE fio.contact_reports', 'nightly_vacuum');
