-- dialect: oracle
-- scenario: SQL Developer / DBMS_METADATA export; two-step alert: a BEFORE INSERT row trigger stamps RTE_CD = 'X9' when the card's
-- MNI is in SUBJ_SET_X (column SRC_AGCY DEFAULT 'DHS ICE ERO'); procedure SEND_X9, run every 15 minutes by scheduler job JOB_X9,
-- mails the stamped cards of the last 15 minutes with UTL_MAIL and marks them sent
-- expect: federal-list-contact-alert @ TRG_FLD_CNTCT_BI | SEND_X9 | JOB_X9
-- expect: federal-watchlist @ SUBJ_SET_X
--------------------------------------------------------
--  File created - Monday-February-03-2025   
--------------------------------------------------------
--------------------------------------------------------
--  DDL for Table FLD_CNTCT
--------------------------------------------------------

  CREATE TABLE "FCC"."FLD_CNTCT" 
   (	"CARD_NO" VARCHAR2(12 BYTE), 
	"MNI_NO" VARCHAR2(12 BYTE), 
	"CNTCT_TS" TIMESTAMP (6) DEFAULT SYSTIMESTAMP, 
	"PCT" NUMBER(3,0), 
	"LOC_TXT" VARCHAR2(120 BYTE), 
	"RTE_CD" VARCHAR2(2 BYTE), 
	"SENT_FLG" CHAR(1 BYTE) DEFAULT 'N'
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  STORAGE(INITIAL 65536 NEXT 1048576 MINEXTENTS 1 MAXEXTENTS 2147483645
  PCTINCREASE 0 FREELISTS 1 FREELIST GROUPS 1
  BUFFER_POOL DEFAULT FLASH_CACHE DEFAULT CELL_FLASH_CACHE DEFAULT)
  TABLESPACE "FCC_DATA" ;

   COMMENT ON COLUMN "FCC"."FLD_CNTCT"."RTE_CD" IS 'routing code set at entry';
--------------------------------------------------------
--  DDL for Table SUBJ_SET_X
--------------------------------------------------------

  CREATE TABLE "FCC"."SUBJ_SET_X" 
   (	"MNI_NO" VARCHAR2(12 BYTE), 
	"REF_NO" VARCHAR2(30 BYTE), 
	"SRC_AGCY" VARCHAR2(30 BYTE) DEFAULT 'DHS ICE ERO', 
	"ADDED_ON" DATE DEFAULT SYSDATE
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  TABLESPACE "FCC_DATA" ;
--------------------------------------------------------
--  DDL for Trigger TRG_FLD_CNTCT_BI
--------------------------------------------------------

  CREATE OR REPLACE EDITIONABLE TRIGGER "FCC"."TRG_FLD_CNTCT_BI" 
BEFORE INSERT ON "FCC"."FLD_CNTCT"
FOR EACH ROW
DECLARE
  v_hit  NUMBER;
BEGIN
  SELECT COUNT(*) INTO v_hit
    FROM "FCC"."SUBJ_SET_X" x
   WHERE x."MNI_NO" = :NEW."MNI_NO";
  IF v_hit > 0 THEN
    :NEW."RTE_CD" := 'X9';
  END IF;
END;
/
ALTER TRIGGER "FCC"."TRG_FLD_CNTCT_BI" ENABLE;
--------------------------------------------------------
--  DDL for Procedure SEND_X9
--------------------------------------------------------
set define off;

  CREATE OR REPLACE EDITIONABLE PROCEDURE "FCC"."SEND_X9" AS
BEGIN
  FOR r IN (SELECT c."CARD_NO", c."MNI_NO", c."PCT", c."LOC_TXT", c."CNTCT_TS"
              FROM "FCC"."FLD_CNTCT" c
             WHERE c."RTE_CD" = 'X9'
               AND c."SENT_FLG" = 'N'
               AND c."CNTCT_TS" > SYSTIMESTAMP - INTERVAL '15' MINUTE)
  LOOP
    UTL_MAIL.SEND(
      sender     => 'rms-noreply@nypd.example',
      recipients => 'sgt.x9.desk@nypd.example',
      subject    => 'X9 contact ' || r."CARD_NO",
      message    => 'MNI ' || r."MNI_NO" || ' pct ' || r."PCT" || ' at ' || r."LOC_TXT"
                    || ' ' || TO_CHAR(r."CNTCT_TS", 'YYYY-MM-DD HH24:MI'));
    UPDATE "FCC"."FLD_CNTCT" SET "SENT_FLG" = 'Y' WHERE "CARD_NO" = r."CARD_NO";
  END LOOP;
  COMMIT;
END SEND_X9;

/
--------------------------------------------------------
--  DDL for Procedure PURGE_OLD_CARDS
--------------------------------------------------------
set define off;

  CREATE OR REPLACE EDITIONABLE PROCEDURE "FCC"."PURGE_OLD_CARDS" AS
BEGIN
  DELETE FROM "FCC"."FLD_CNTCT" WHERE "CNTCT_TS" < ADD_MONTHS(SYSTIMESTAMP, -60);
  COMMIT;
END PURGE_OLD_CARDS;

/
--------------------------------------------------------
--  Constraints for Table FLD_CNTCT
--------------------------------------------------------

  ALTER TABLE "FCC"."FLD_CNTCT" MODIFY ("MNI_NO" NOT NULL ENABLE);
  ALTER TABLE "FCC"."FLD_CNTCT" ADD CONSTRAINT "FLD_CNTCT_PK" PRIMARY KEY ("CARD_NO")
  USING INDEX TABLESPACE "FCC_DATA"  ENABLE;
--------------------------------------------------------
--  Constraints for Table SUBJ_SET_X
--------------------------------------------------------

  ALTER TABLE "FCC"."SUBJ_SET_X" ADD CONSTRAINT "SUBJ_SET_X_PK" PRIMARY KEY ("MNI_NO")
  USING INDEX TABLESPACE "FCC_DATA"  ENABLE;
--------------------------------------------------------
--  DDL for Job JOB_X9
--------------------------------------------------------

BEGIN 
dbms_scheduler.create_job('"JOB_X9"',
job_type=>'STORED_PROCEDURE', job_action=>
'"FCC"."SEND_X9"'
, number_of_arguments=>0,
start_date=>TO_TIMESTAMP_TZ('03-OCT-2024 12.00.00,000000000 AM -04:00','DD-MON-RRRR HH.MI.SSXFF AM TZR','NLS_DATE_LANGUAGE=english'), repeat_interval=> 
'FREQ=MINUTELY;INTERVAL=15'
, end_date=>NULL,
job_class=>'"DEFAULT_JOB_CLASS"', enabled=>FALSE, auto_drop=>FALSE,comments=>
'per TFO sgt'
);
sys.dbms_scheduler.set_attribute('"JOB_X9"','NLS_ENV','NLS_LANGUAGE=''AMERICAN'' NLS_TERRITORY=''AMERICA'' NLS_CURRENCY=''$'' NLS_ISO_CURRENCY=''AMERICA'' NLS_NUMERIC_CHARACTERS=''.,'' NLS_CALENDAR=''GREGORIAN'' NLS_DATE_FORMAT=''DD-MON-RR'' NLS_DATE_LANGUAGE=''AMERICAN'' NLS_SORT=''BINARY'' NLS_TIME_FORMAT=''HH.MI.SSXFF AM'' NLS_TIMESTAMP_FORMAT=''DD-MON-RR HH.MI.SSXFF AM'' NLS_TIME_TZ_FORMAT=''HH.MI.SSXFF AM TZR'' NLS_TIMESTAMP_TZ_FORMAT=''DD-MON-RR HH.MI.SSXFF AM TZR'' NLS_DUAL_CURRENCY=''$'' NLS_COMP=''BINARY'' NLS_LENGTH_SEMANTICS=''BYTE'' NLS_NCHAR_CONV_EXCP=''FALSE''');
dbms_scheduler.enable('"JOB_X9"');
COMMIT; 
END; 
/
--------------------------------------------------------
--  DDL for Job JOB_PURGE_CARDS
--------------------------------------------------------

BEGIN 
dbms_scheduler.create_job('"JOB_PURGE_CARDS"',
job_type=>'STORED_PROCEDURE', job_action=>
'"FCC"."PURGE_OLD_CARDS"'
, number_of_arguments=>0,
start_date=>NULL, repeat_interval=> 
'FREQ=WEEKLY;BYDAY=SUN;BYHOUR=3'
, end_date=>NULL,
job_class=>'"DEFAULT_JOB_CLASS"', enabled=>FALSE, auto_drop=>FALSE,comments=>
NULL
);
dbms_scheduler.enable('"JOB_PURGE_CARDS"');
COMMIT; 
END; 
/
