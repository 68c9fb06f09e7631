-- scenario: vendor-style upper-case names created unquoted (folded to lower case); a BEFORE INSERT trigger on the field contact
-- card table checks a local gang roster, marks the card for review and queues a notice to a task-force mailbox on ice.dhs.gov
-- expect: federal-list-contact-alert @ TR_FCC_BI | FN_FCC_BI
CREATE SCHEMA RMSV;
CREATE TABLE RMSV.T_FCC (FCC_NO varchar(12) PRIMARY KEY, P_KEY integer NOT NULL, CNTCT_DT timestamp DEFAULT localtimestamp,
  PCT smallint, OFCR_TAX integer, LOC_TXT varchar(120), REVIEW_FLG char(1) DEFAULT 'N');
CREATE TABLE RMSV.T_GRP_RSTR (P_KEY integer PRIMARY KEY, GRP_CD varchar(8), ADD_DT date);
COMMENT ON TABLE RMSV.T_GRP_RSTR IS 'Precinct gang roster';
CREATE TABLE RMSV.T_NTF_Q (Q_ID serial PRIMARY KEY, RCPT varchar(120) NOT NULL, SUBJ varchar(200), BODY text,
  Q_DT timestamp DEFAULT localtimestamp, SENT_DT timestamp);
CREATE FUNCTION RMSV.FN_FCC_BI() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM RMSV.T_GRP_RSTR R WHERE R.P_KEY = NEW.P_KEY) THEN
    NEW.REVIEW_FLG := 'Y';
    INSERT INTO RMSV.T_NTF_Q (RCPT, SUBJ, BODY)
    VALUES ('nyc.gang.tfo@ice.dhs.gov', 'FCC ' || NEW.FCC_NO,
            'Subject ' || NEW.P_KEY || ' contacted at ' || coalesce(NEW.LOC_TXT, '?') || ' PCT ' || NEW.PCT);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER TR_FCC_BI BEFORE INSERT ON RMSV.T_FCC FOR EACH ROW EXECUTE FUNCTION RMSV.FN_FCC_BI();
INSERT INTO RMSV.T_GRP_RSTR VALUES (30017, 'G-221', '2024-03-01');
INSERT INTO RMSV.T_FCC (FCC_NO, P_KEY, PCT, OFCR_TAX, LOC_TXT) VALUES ('F24-0001', 30001, 73, 951234, 'ROCKAWAY AVE / PITKIN AVE');
