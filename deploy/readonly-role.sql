-- The least-privilege login role alert-watchdog scans as.
--
-- Run as a superuser with psql, once in every database the daemon scans (role attributes
-- are cluster-wide, but the pg_cron grants live in the database where pg_cron is installed):
--
--     psql -d rms -f deploy/readonly-role.sql                    # role alert_watchdog
--     psql -d rms -v role=watchdog_rms -f deploy/readonly-role.sql
--
-- Safe to run again: it creates the role if missing and otherwise brings it back to the
-- attributes and grants below. It refuses to touch an existing superuser or the current user.
--
-- What the role can do: log in (at most 2 sessions), read every table, view and sequence
-- (pg_read_all_data, PostgreSQL 14+), and read the catalog. It can write nothing: it holds no
-- INSERT/UPDATE/DELETE/TRUNCATE privilege, owns nothing, and its sessions start read-only.
--
-- No password is set here. Either give one interactively:
--
--     \password alert_watchdog
--
-- and put it in the daemon's dsn_file, or let the daemon authenticate without one, e.g. on
-- the database host by peer authentication (OS user alert-watchdog -> role alert_watchdog):
--
--     pg_ident.conf:  watchdog  alert-watchdog  alert_watchdog
--     pg_hba.conf:    local  all  alert_watchdog  peer map=watchdog
--
-- or from another host with a client certificate:
--
--     pg_hba.conf:    hostssl  all  alert_watchdog  192.0.2.10/32  cert
--
-- To remove the role: in every database it was granted something in,
-- `DROP OWNED BY alert_watchdog;`, then `DROP ROLE alert_watchdog;`.

\set ON_ERROR_STOP on

\if :{?role}
\else
\set role alert_watchdog
\endif

-- psql does not substitute :variables inside dollar-quoted DO bodies; hand the name over as
-- a session setting instead.
SELECT set_config('alert_watchdog.role', :'role', false) IS NOT NULL AS role_set \gset

SELECT current_setting('server_version_num')::int >= 140000 AS has_read_all_data \gset

\if :has_read_all_data
\else
DO $$
BEGIN
    RAISE EXCEPTION 'pg_read_all_data needs PostgreSQL 14 or later'
        USING HINT = 'On PostgreSQL 12-13 use the fallback grants commented in readonly-role.sql.';
END
$$;
\endif

-- The role: login, nothing else. INHERIT, because the read access comes through membership
-- of pg_read_all_data.
DO $$
DECLARE
    r text := current_setting('alert_watchdog.role');
    existing pg_roles%ROWTYPE;
BEGIN
    SELECT * INTO existing FROM pg_roles WHERE rolname = r;
    IF NOT FOUND THEN
        EXECUTE format('CREATE ROLE %I LOGIN', r);
    ELSIF existing.rolsuper OR r = current_user THEN
        RAISE EXCEPTION 'role % already exists and is a superuser or the current user; '
                        'choose another name with -v role=NAME', r;
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT '
                   'NOREPLICATION CONNECTION LIMIT 2', r);
END
$$;

-- Session defaults. Read-only transactions and timeouts keep a scan from ever holding locks
-- or running long on a production database, even if a client forgets to set them. They are
-- defaults a session could change; the real boundary is that the role has no write privilege.
ALTER ROLE :"role" SET default_transaction_read_only = on;
ALTER ROLE :"role" SET statement_timeout = '60s';
ALTER ROLE :"role" SET lock_timeout = '5s';
ALTER ROLE :"role" SET idle_in_transaction_session_timeout = '5min';

-- Read access: SELECT on every table, view, sequence and USAGE on every schema, in every
-- database, including ones created later.
GRANT CONNECT ON DATABASE :"DBNAME" TO :"role";
GRANT pg_read_all_data TO :"role";

-- PostgreSQL 12-13 fallback (pg_read_all_data does not exist): comment out the version check
-- and the GRANT above, and uncomment this. It covers the schemas and tables that exist now;
-- the ALTER DEFAULT PRIVILEGES lines cover tables made later by the roles that own them
-- (replace rms_owner by each such role). Run it in every database scanned.
--
-- DO $$
-- DECLARE
--     r text := current_setting('alert_watchdog.role');
--     s name;
-- BEGIN
--     FOR s IN SELECT nspname FROM pg_namespace
--              WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' LOOP
--         EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, r);
--         EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, r);
--         EXECUTE format('GRANT SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', s, r);
--     END LOOP;
-- END
-- $$;
-- ALTER DEFAULT PRIVILEGES FOR ROLE rms_owner GRANT USAGE ON SCHEMAS TO :"role";
-- ALTER DEFAULT PRIVILEGES FOR ROLE rms_owner GRANT SELECT ON TABLES TO :"role";
-- ALTER DEFAULT PRIVILEGES FOR ROLE rms_owner GRANT SELECT ON SEQUENCES TO :"role";

-- pg_cron, where it is installed in this database. cron.job has a row-level security policy
-- that shows each user only the jobs it scheduled itself, so a scheduled alert created by
-- another user would be invisible; the scan would report that as a coverage gap. BYPASSRLS
-- lets the role's SELECTs see every row past row-level security. It grants no other power:
-- the role still cannot write anything, so all it changes is what the role can read. Note
-- that BYPASSRLS is cluster-wide (it applies to every table with row-level security, in
-- every database) and that it is never taken away by this script.
SELECT to_regclass('cron.job') IS NOT NULL AS has_cron_job,
       to_regclass('cron.job_run_details') IS NOT NULL AS has_cron_runs,
       COALESCE((SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('cron.job')),
                false) AS cron_job_rls
\gset

\if :has_cron_job
GRANT USAGE ON SCHEMA cron TO :"role";
GRANT SELECT ON cron.job TO :"role";
\if :has_cron_runs
GRANT SELECT ON cron.job_run_details TO :"role";
\endif
\if :cron_job_rls
ALTER ROLE :"role" BYPASSRLS;
\endif
\endif
