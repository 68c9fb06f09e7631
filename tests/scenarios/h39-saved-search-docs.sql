-- scenario: a saved search (SQL text column, notify list, cadence) picks yesterday's and today's arrests whose intake record has an
-- A-number (a_num) or an immigration document type code (I94 / I551 / I766) and mails the list to a unit
-- expect: immigration-status-alert @ Daily I-docs
-- forbid: federal-watchlist,federal-data-channel
CREATE SCHEMA intake;
CREATE SCHEMA app;
CREATE TABLE intake.cch_arr (arr_no text PRIMARY KEY, p_key bigint, arr_dt date DEFAULT current_date, pct int,
  id_doc_typ varchar(6), id_doc_no text, a_num varchar(11));
COMMENT ON COLUMN intake.cch_arr.id_doc_typ IS 'identity document presented: DL, PASS, I94, I551, I766, OTH';
CREATE TABLE app.saved_srch (srch_id int PRIMARY KEY, srch_nm text NOT NULL, qry_txt text NOT NULL, notify_list text, run_every text, created_by text);
INSERT INTO app.saved_srch VALUES
 (10, 'Arrests missing pct', 'SELECT arr_no FROM intake.cch_arr WHERE pct IS NULL', NULL, NULL, 'dq.team'),
 (11, 'Daily I-docs',
  'SELECT a.arr_no, a.p_key, a.id_doc_typ, a.a_num FROM intake.cch_arr a WHERE (a.a_num IS NOT NULL OR a.id_doc_typ IN (''I94'', ''I551'', ''I766'')) AND a.arr_dt >= current_date - 1',
  'unit.ops7@nypd.example', 'daily 06:00', 'lt.roe');
INSERT INTO intake.cch_arr(arr_no, p_key, pct, id_doc_typ, id_doc_no) VALUES ('S24-12001', 12001, 120, 'DL', 'D123-000-001');
