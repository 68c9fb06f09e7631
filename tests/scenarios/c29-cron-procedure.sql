-- scenario: pg_cron job CALLs a procedure that selects dispatch contacts from the last 5 minutes against an ICE target table and spools mail
-- expect: federal-list-contact-alert @ dispatch_contact_sweep | sweep_dispatch_contacts
-- expect: federal-watchlist @ ice_targets_fy24
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost', nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA dsp;
CREATE SCHEMA tfu;
CREATE TABLE dsp.unit_dispatch_persons (dispatch_id bigint, "PersonKey" bigint, unit_id text, dispatched_at timestamptz DEFAULT now());
CREATE TABLE tfu.ice_targets_fy24 ("PersonKey" bigint PRIMARY KEY, added date);
CREATE TABLE dsp.mail_spool (id bigserial PRIMARY KEY, mail_to text, body text, spooled timestamptz DEFAULT now());
CREATE PROCEDURE dsp.sweep_dispatch_contacts() LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dsp.mail_spool(mail_to, body)
  SELECT 'det.quinn@nypd.example', 'dispatch ' || d.dispatch_id || ' unit ' || d.unit_id
  FROM dsp.unit_dispatch_persons d
  WHERE d.dispatched_at >= now() - interval '5 minutes'
    AND d."PersonKey" IN (SELECT t."PersonKey" FROM tfu.ice_targets_fy24 t);
  COMMIT;
END $$;
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/5 * * * *', 'CALL dsp.sweep_dispatch_contacts()', 'dispatch_contact_sweep');
