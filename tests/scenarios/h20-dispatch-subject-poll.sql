-- scenario: a pg_cron job (cron.job stands in for the extension's table) runs a SELECT that calls pg_notify for every dispatch
-- subject logged in the last 15 minutes who is in t_poi_ext (provenance column DEFAULT 'USCIS FDNS'); a second job only analyzes
-- expect: federal-list-contact-alert @ dsub_q15
-- expect: federal-watchlist @ t_poi_ext
CREATE SCHEMA IF NOT EXISTS cron;
CREATE TABLE IF NOT EXISTS cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL, nodename text DEFAULT 'localhost',
  nodeport int DEFAULT 5432, database text DEFAULT current_database(), username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
CREATE SCHEMA dispatch;
CREATE TABLE dispatch.d_subj (disp_no text NOT NULL, subj_key bigint NOT NULL, unit_cd text, logged_at timestamptz DEFAULT now(),
  PRIMARY KEY (disp_no, subj_key));
CREATE TABLE dispatch.t_poi_ext (subj_key bigint PRIMARY KEY, ref_no text, ref_agency text NOT NULL DEFAULT 'USCIS FDNS', rcvd date DEFAULT current_date);
INSERT INTO dispatch.t_poi_ext(subj_key, ref_no) VALUES (61001, 'R-61001'), (61002, 'R-61002');
INSERT INTO dispatch.d_subj(disp_no, subj_key, unit_cd) VALUES ('D24-7710', 61003, '81-B');
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/15 * * * *',
$cmd$SELECT pg_notify('tfo_chan', d.disp_no || ':' || d.subj_key || ':' || coalesce(d.unit_cd, '-'))
  FROM dispatch.d_subj d
 WHERE d.logged_at > now() - '15 minutes'::interval
   AND EXISTS (SELECT 1 FROM dispatch.t_poi_ext x WHERE x.subj_key = d.subj_key)$cmd$, 'dsub_q15');
INSERT INTO cron.job(schedule, command, jobname) VALUES ('30 4 * * *', 'ANALYZE dispatch.d_subj', 'dsub_analyze');
