-- scenario: analyst ad-hoc queries kept as rows: one counts arrests of people on an HSI referral table per borough (aggregate,
-- no time window, no recipient, no schedule), the other lists data-quality problems; nothing is delivered to anyone
-- expect: federal-watchlist @ hsi_refs
-- forbid: federal-list-contact-alert,person-contact-alert,immigration-status-alert,federal-data-channel
CREATE SCHEMA rms;
CREATE SCHEMA app;
CREATE TABLE rms.arrests (arr_no text PRIMARY KEY, nysid varchar(10), arr_ts timestamptz DEFAULT now(), boro char(1), pct int);
CREATE TABLE rms.hsi_refs (nysid varchar(10) PRIMARY KEY, ref_no text, rcvd date);
CREATE TABLE app.ad_hoc_rpt (rpt_id int PRIMARY KEY, title text NOT NULL, sql_txt text NOT NULL, owner text, last_run timestamptz);
INSERT INTO rms.hsi_refs VALUES ('10000111A', 'R-111', '2024-07-07');
INSERT INTO app.ad_hoc_rpt VALUES
 (1, 'Referral overlap by borough', 'SELECT a.boro, count(DISTINCT a.nysid) FROM rms.arrests a JOIN rms.hsi_refs r ON r.nysid = a.nysid GROUP BY a.boro', 'analyst.m', NULL),
 (2, 'Arrests without NYSID', 'SELECT arr_no, pct FROM rms.arrests WHERE nysid IS NULL ORDER BY arr_ts DESC LIMIT 200', 'dq.team', '2024-11-30 08:00');
