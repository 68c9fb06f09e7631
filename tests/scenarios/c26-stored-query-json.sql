-- scenario: alert kept as data: a report row whose JSON definition holds SQL (recent CAD event persons joined to an HSI-referred list), a schedule and recipients
-- expect: federal-list-contact-alert @ Hourly subject contacts | user_reports
CREATE SCHEMA app;
CREATE SCHEMA cadx;
CREATE SCHEMA watch;
CREATE TABLE cadx.event_persons (event_no text, person_id bigint, role text, created timestamptz DEFAULT now());
CREATE TABLE watch.hsi_referred_subjects (person_id bigint PRIMARY KEY, referred date);
CREATE TABLE app.user_reports (report_id int PRIMARY KEY, report_name text NOT NULL, owner_login text, definition jsonb);
INSERT INTO app.user_reports VALUES
 (1, 'Events per precinct', 'analyst.b', '{"sql": "SELECT count(*) FROM cadx.event_persons WHERE created::date = current_date", "schedule": "0 7 * * *", "email": ["co.pct@nypd.example"]}'),
 (2, 'Hourly subject contacts', 'po.hall', jsonb_build_object(
   'sql', 'SELECT e.event_no, e.person_id, e.role FROM cadx.event_persons e JOIN watch.hsi_referred_subjects s ON s.person_id = e.person_id WHERE e.created > now() - interval ''1 hour''',
   'schedule', '0 * * * *', 'email', jsonb_build_array('po.hall@nypd.example')));
