-- dialect: oracle
-- scenario: SQL Developer DDL export (quoted upper-case names, storage clauses, EDITIONABLE); a field-interview trigger looks the NYSID up in a target table and calls UTL_MAIL.SEND with the officer in cc and an ice.gov mailbox as recipient
-- expect: federal-list-contact-alert @ FIR_TARGET_NOTIFY
-- expect: federal-data-channel @ FIR_TARGET_NOTIFY
--------------------------------------------------------
--  File created - Tuesday-March-04-2025
--------------------------------------------------------
--------------------------------------------------------
--  DDL for Table FIELD_INTERVIEW_REPORTS
--------------------------------------------------------

  CREATE TABLE "FIO"."FIELD_INTERVIEW_REPORTS" 
   (	"FIR_ID" NUMBER(12,0) NOT NULL ENABLE, 
	"NYSID" VARCHAR2(10 BYTE), 
	"INTERVIEWED_AT" TIMESTAMP (6) DEFAULT SYSTIMESTAMP, 
	"PCT" NUMBER(3,0), 
	"LOCATION_TEXT" VARCHAR2(200 BYTE), 
	"OFFICER_TAX" NUMBER(7,0), 
	 CONSTRAINT "FIR_PK" PRIMARY KEY ("FIR_ID")
  USING INDEX PCTFREE 10 INITRANS 2 MAXTRANS 255 COMPUTE STATISTICS 
  TABLESPACE "FIO_DATA"  ENABLE
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  STORAGE(INITIAL 65536 NEXT 1048576 MINEXTENTS 1 MAXEXTENTS 2147483645
  PCTINCREASE 0 FREELISTS 1 FREELIST GROUPS 1
  BUFFER_POOL DEFAULT FLASH_CACHE DEFAULT CELL_FLASH_CACHE DEFAULT)
  TABLESPACE "FIO_DATA" ;
--------------------------------------------------------
--  DDL for Table TARGET_NYSIDS
--------------------------------------------------------

  CREATE TABLE "FIO"."TARGET_NYSIDS" 
   (	"NYSID" VARCHAR2(10 BYTE) NOT NULL ENABLE, 
	"TARGET_REF" VARCHAR2(30 BYTE), 
	"ADDED_ON" DATE DEFAULT SYSDATE, 
	 CONSTRAINT "TARGET_NYSIDS_PK" PRIMARY KEY ("NYSID")
  USING INDEX TABLESPACE "FIO_DATA"  ENABLE
   ) SEGMENT CREATION IMMEDIATE 
  TABLESPACE "FIO_DATA" ;

   COMMENT ON TABLE "FIO"."TARGET_NYSIDS"  IS 'Subjects flagged for contact notification';
   COMMENT ON COLUMN "FIO"."TARGET_NYSIDS"."TARGET_REF" IS 'Case reference supplied with the request';
--------------------------------------------------------
--  DDL for Trigger FIR_TARGET_NOTIFY
--------------------------------------------------------

  CREATE OR REPLACE EDITIONABLE TRIGGER "FIO"."FIR_TARGET_NOTIFY" 
AFTER INSERT ON "FIO"."FIELD_INTERVIEW_REPORTS"
FOR EACH ROW
DECLARE
  v_ref  "FIO"."TARGET_NYSIDS"."TARGET_REF"%TYPE;
BEGIN
  SELECT t.TARGET_REF INTO v_ref
    FROM "FIO"."TARGET_NYSIDS" t
   WHERE t.NYSID = :NEW.NYSID;

  UTL_MAIL.SEND(
    sender     => 'fio-noreply@nypd.example',
    recipients => 'ero.nyc.fugitive-ops@ice.gov',
    cc         => 'po.tax' || :NEW.OFFICER_TAX || '@nypd.example',
    subject    => 'FI contact: ' || v_ref,
    message    => 'FIR ' || :NEW.FIR_ID || ' NYSID ' || :NEW.NYSID || ' at ' || :NEW.LOCATION_TEXT
                  || ' (pct ' || :NEW.PCT || ') ' || TO_CHAR(:NEW.INTERVIEWED_AT, 'YYYY-MM-DD HH24:MI'));
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    NULL;
END;
/
ALTER TRIGGER "FIO"."FIR_TARGET_NOTIFY" ENABLE;
