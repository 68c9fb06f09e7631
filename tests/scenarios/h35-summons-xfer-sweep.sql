-- scenario: a pg_cron job calls a function that pushes the summonses of the last 30 minutes for people in pset to a uscis.dhs.gov
-- host with dblink_exec, one row at a time
-- requires: dblink
-- expect: federal-data-channel @ xf30 | push_recent
-- expect: federal-list-contact-alert @ xf30 | push_recent
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost',
  nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA xfer;
CREATE TABLE xfer.summ (summ_no text PRIMARY KEY, nysid varchar(10), issued timestamptz DEFAULT now(), viol text, pct int);
CREATE TABLE xfer.pset (nysid varchar(10) PRIMARY KEY, note text);
CREATE FUNCTION xfer.push_recent() RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  r record;
  n int := 0;
BEGIN
  FOR r IN SELECT s.summ_no, s.nysid, s.issued, s.pct
             FROM xfer.summ s JOIN xfer.pset p ON p.nysid = s.nysid
            WHERE s.issued > now() - interval '30 minutes'
  LOOP
    PERFORM dblink_exec('host=xfer01.uscis.dhs.gov port=5432 dbname=intake user=svc_nyc',
      format('INSERT INTO encounters(id_no, kind, at, pct) VALUES (%L, %L, %L, %s)', r.nysid, 'SUMMONS', r.issued, r.pct));
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
INSERT INTO xfer.pset VALUES ('10000081A', NULL), ('10000082B', NULL);
INSERT INTO xfer.summ(summ_no, nysid, viol, pct) VALUES ('4413000777', '10000083C', 'AC 10-133', 60);
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/30 * * * *', 'SELECT xfer.push_recent()', 'xf30');
