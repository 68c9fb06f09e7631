-- dialect: oracle
-- scenario: SQL*Plus install script; package CONTACT_WATCH has a procedure that loops over stop reports from the last 15 minutes whose subject is in SUBJECT_REFERRALS (provenance column DEFAULT 'DHS HSI NEW YORK') and calls a package-internal procedure that queues a message; a DBMS_SCHEDULER PLSQL_BLOCK job runs it every 15 minutes; a second job only purges old messages
-- expect: federal-list-contact-alert @ SWEEP_STOPS | STOP_REFERRAL_SWEEP
-- expect: federal-watchlist @ SUBJECT_REFERRALS
-- forbid: person-contact-alert
CREATE TABLE patrol.stop_reports (
  stop_id        NUMBER(12)    CONSTRAINT stop_reports_pk PRIMARY KEY,
  subject_id     NUMBER(12)    NOT NULL,
  stopped_at     TIMESTAMP     DEFAULT SYSTIMESTAMP NOT NULL,
  pct            NUMBER(3),
  frisked        CHAR(1)       DEFAULT 'N'
);

CREATE TABLE patrol.subject_referrals (
  subject_id        NUMBER(12)     CONSTRAINT subject_referrals_pk PRIMARY KEY,
  referral_no       VARCHAR2(30),
  referring_agency  VARCHAR2(60)   DEFAULT 'DHS HSI NEW YORK' NOT NULL,
  received_on       DATE           DEFAULT SYSDATE
);

CREATE TABLE patrol.msg_outbox (
  msg_id      NUMBER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recipient   VARCHAR2(120)  NOT NULL,
  subject     VARCHAR2(200),
  body        VARCHAR2(4000),
  queued_at   TIMESTAMP      DEFAULT SYSTIMESTAMP,
  sent_at     TIMESTAMP
);

COMMENT ON TABLE patrol.msg_outbox IS 'Outgoing e-mail; drained by the mail relay every minute';

CREATE OR REPLACE PACKAGE patrol.contact_watch AS
  PROCEDURE sweep_stops(p_minutes IN PLS_INTEGER DEFAULT 15);
  PROCEDURE purge_outbox(p_days IN PLS_INTEGER DEFAULT 30);
END contact_watch;
/

CREATE OR REPLACE PACKAGE BODY patrol.contact_watch AS

  PROCEDURE queue_msg(p_to IN VARCHAR2, p_subject IN VARCHAR2, p_body IN VARCHAR2) IS
  BEGIN
    INSERT INTO patrol.msg_outbox (recipient, subject, body)
    VALUES (p_to, p_subject, p_body);
  END queue_msg;

  PROCEDURE sweep_stops(p_minutes IN PLS_INTEGER DEFAULT 15) IS
  BEGIN
    FOR r IN (SELECT s.stop_id, s.subject_id, s.pct, s.stopped_at, f.referral_no
                FROM patrol.stop_reports s
                JOIN patrol.subject_referrals f ON f.subject_id = s.subject_id
               WHERE s.stopped_at > SYSTIMESTAMP - NUMTODSINTERVAL(p_minutes, 'MINUTE'))
    LOOP
      queue_msg('det.ibarra@nypd.example',
                'Stop of referred subject ' || r.referral_no,
                'Stop ' || r.stop_id || ' pct ' || r.pct || ' at ' || TO_CHAR(r.stopped_at, 'HH24:MI'));
    END LOOP;
    COMMIT;
  END sweep_stops;

  PROCEDURE purge_outbox(p_days IN PLS_INTEGER DEFAULT 30) IS
  BEGIN
    DELETE FROM patrol.msg_outbox WHERE sent_at < SYSTIMESTAMP - NUMTODSINTERVAL(p_days, 'DAY');
    COMMIT;
  END purge_outbox;

END contact_watch;
/

BEGIN
  DBMS_SCHEDULER.CREATE_JOB(
    job_name        => 'PATROL.STOP_REFERRAL_SWEEP',
    job_type        => 'PLSQL_BLOCK',
    job_action      => 'BEGIN patrol.contact_watch.sweep_stops(15); END;',
    start_date      => SYSTIMESTAMP,
    repeat_interval => 'FREQ=MINUTELY;INTERVAL=15',
    enabled         => TRUE,
    comments        => 'requested by TF sergeant');
END;
/

BEGIN
  DBMS_SCHEDULER.CREATE_JOB(
    job_name        => 'PATROL.OUTBOX_PURGE',
    job_type        => 'PLSQL_BLOCK',
    job_action      => 'BEGIN patrol.contact_watch.purge_outbox(30); END;',
    repeat_interval => 'FREQ=DAILY;BYHOUR=2',
    enabled         => TRUE);
END;
/
