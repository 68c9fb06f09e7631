-- scenario: SQL kept as data: an application table of BOLO subscriptions holds criteria SQL, a cadence and a delivery address;
-- one subscription selects the last day's stops of people on a local crew list and delivers them to an agent at hsi.dhs.gov
-- expect: federal-list-contact-alert @ Crew 9 contacts
CREATE SCHEMA rms;
CREATE SCHEMA app;
CREATE TABLE rms.stops (stop_no text PRIMARY KEY, p_key bigint, stop_ts timestamptz DEFAULT now(), pct int, loc_txt text);
CREATE TABLE rms.crew_set (p_key bigint PRIMARY KEY, crew text, added date);
COMMENT ON TABLE rms.crew_set IS 'Crew 9 associates (precinct field intelligence)';
CREATE TABLE app.bolo_subs (sub_id int PRIMARY KEY, title text NOT NULL, crit_sql text NOT NULL, deliver_to text, cadence text, owner text,
  active boolean DEFAULT true);
INSERT INTO rms.crew_set VALUES (70701, 'CREW-9', '2024-05-05'), (70702, 'CREW-9', '2024-05-05');
INSERT INTO app.bolo_subs VALUES
 (1, 'Stops per precinct (weekly)', 'SELECT pct, count(*) FROM rms.stops WHERE stop_ts >= now() - interval ''7 days'' GROUP BY pct',
  'co.pct075@nypd.example', '0 6 * * 1', 'analyst.k', true),
 (2, 'Crew 9 contacts',
  'SELECT s.stop_no, s.p_key, s.stop_ts, s.loc_txt FROM rms.stops s WHERE s.p_key IN (SELECT c.p_key FROM rms.crew_set c) AND s.stop_ts >= now() - interval ''1 day''',
  'sa.j.doe@hsi.dhs.gov', '0 7 * * *', 'po.vance', true);
