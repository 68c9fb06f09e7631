-- dialect: oracle
-- scenario: benign — Oracle journaling trigger copies every arrest change into ARRESTS_JN and a DBMS_SCHEDULER job purges journal rows older than seven years; reads contact data with a time window but has no list and delivers to nobody
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE TABLE rms.arrests (
  arrest_id    NUMBER(12)    PRIMARY KEY,
  person_id    NUMBER(12)    NOT NULL,
  arrested_at  DATE          DEFAULT SYSDATE,
  pct          NUMBER(3),
  top_charge   VARCHAR2(60)
);

CREATE TABLE rms.arrests_jn (
  jn_operation  CHAR(3)       NOT NULL,
  jn_oracle_user VARCHAR2(30),
  jn_datetime   DATE          NOT NULL,
  arrest_id     NUMBER(12),
  person_id     NUMBER(12),
  arrested_at   DATE,
  pct           NUMBER(3),
  top_charge    VARCHAR2(60)
);

COMMENT ON TABLE rms.arrests_jn IS 'Journal of changes to RMS.ARRESTS (audit requirement of the Internal Affairs Bureau)';

CREATE OR REPLACE TRIGGER rms.arrests_jntrg
  AFTER INSERT OR UPDATE OR DELETE ON rms.arrests
  FOR EACH ROW
DECLARE
  v_op CHAR(3);
BEGIN
  IF INSERTING THEN
    v_op := 'INS';
  ELSIF UPDATING THEN
    v_op := 'UPD';
  ELSE
    v_op := 'DEL';
  END IF;
  IF INSERTING OR UPDATING THEN
    INSERT INTO rms.arrests_jn (jn_operation, jn_oracle_user, jn_datetime, arrest_id, person_id, arrested_at, pct, top_charge)
    VALUES (v_op, SYS_CONTEXT('USERENV', 'SESSION_USER'), SYSDATE, :NEW.arrest_id, :NEW.person_id, :NEW.arrested_at, :NEW.pct, :NEW.top_charge);
  ELSE
    INSERT INTO rms.arrests_jn (jn_operation, jn_oracle_user, jn_datetime, arrest_id, person_id, arrested_at, pct, top_charge)
    VALUES (v_op, SYS_CONTEXT('USERENV', 'SESSION_USER'), SYSDATE, :OLD.arrest_id, :OLD.person_id, :OLD.arrested_at, :OLD.pct, :OLD.top_charge);
  END IF;
END;
/

BEGIN
  DBMS_SCHEDULER.CREATE_JOB(
    job_name        => 'RMS.ARRESTS_JN_PURGE',
    job_type        => 'PLSQL_BLOCK',
    job_action      => 'BEGIN DELETE FROM rms.arrests_jn WHERE jn_datetime < ADD_MONTHS(SYSDATE, -84); COMMIT; END;',
    repeat_interval => 'FREQ=WEEKLY;BYDAY=SUN;BYHOUR=3',
    enabled         => TRUE,
    comments        => 'IAB retention: 7 years');
END;
/
