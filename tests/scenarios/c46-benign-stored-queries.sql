-- scenario: benign — analyst saved queries: an aggregate daily count and a local warrant-hit query e-mailed to a detective
-- expect: person-contact-alert @ Warrant hits last hour | analyst_queries
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA ui;
CREATE SCHEMA lawenf;
CREATE TABLE lawenf.arrest_events (arrest_no text PRIMARY KEY, subject_id bigint, arrest_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE lawenf.active_warrants (warrant_no text PRIMARY KEY, subject_id bigint, court text);
CREATE TABLE ui.analyst_queries (q_id int PRIMARY KEY, title text, query_sql text, run_every text, email_to text, created_by text);
INSERT INTO ui.analyst_queries VALUES
 (1, 'Arrests by precinct today', 'SELECT pct, count(*) FROM lawenf.arrest_events WHERE arrest_ts::date = current_date GROUP BY pct', '0 18 * * *', 'co.office@nypd.example', 'analyst.c'),
 (2, 'Warrant hits last hour', 'SELECT a.arrest_no, w.warrant_no FROM lawenf.arrest_events a JOIN lawenf.active_warrants w ON w.subject_id = a.subject_id WHERE a.arrest_ts > now() - interval ''1 hour''', '0 * * * *', 'det.warrants@nypd.example', 'det.warrants');
