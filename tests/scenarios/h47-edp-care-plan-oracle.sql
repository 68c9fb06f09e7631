-- dialect: oracle
-- scenario: SQL Developer export; "HSI" is a hospital network (Hudson Shore Integrated health system): when a person on its
-- care-coordination roster is the subject of an EDP call, a trigger mails the patient's care coordinator at the hospital
-- expect: person-contact-alert @ EDP_SUBJ_CARE_NOTIFY
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
--------------------------------------------------------
--  File created - Tuesday-November-26-2024   
--------------------------------------------------------
--------------------------------------------------------
--  DDL for Table EDP_CALL_SUBJ
--------------------------------------------------------

  CREATE TABLE "CAD"."EDP_CALL_SUBJ" 
   (	"CALL_NO" VARCHAR2(16 BYTE), 
	"SUBJ_SEQ" NUMBER(2,0), 
	"PERSON_ID" NUMBER(12,0), 
	"ADDED_AT" DATE DEFAULT SYSDATE, 
	"UNIT_ID" VARCHAR2(10 BYTE), 
	"DISPO_CD" VARCHAR2(4 BYTE)
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  TABLESPACE "CAD_DATA" ;

   COMMENT ON TABLE "CAD"."EDP_CALL_SUBJ"  IS 'Subjects of emotionally disturbed person (EDP) calls';
--------------------------------------------------------
--  DDL for Table HSI_CARE_PLAN
--------------------------------------------------------

  CREATE TABLE "CAD"."HSI_CARE_PLAN" 
   (	"PERSON_ID" NUMBER(12,0), 
	"HSI_MRN" VARCHAR2(20 BYTE), 
	"COORD_EMAIL" VARCHAR2(120 BYTE), 
	"CONSENT_ON" DATE, 
	"PLAN_END" DATE
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  TABLESPACE "CAD_DATA" ;

   COMMENT ON COLUMN "CAD"."HSI_CARE_PLAN"."HSI_MRN" IS 'Hudson Shore Integrated (HSI) hospital medical record number';
   COMMENT ON TABLE "CAD"."HSI_CARE_PLAN"  IS 'HSI = Hudson Shore Integrated health system (hospital network). Patients in its crisis care-coordination program who consented to police-to-clinician notification';
--------------------------------------------------------
--  DDL for Trigger EDP_SUBJ_CARE_NOTIFY
--------------------------------------------------------

  CREATE OR REPLACE EDITIONABLE TRIGGER "CAD"."EDP_SUBJ_CARE_NOTIFY" 
AFTER INSERT ON "CAD"."EDP_CALL_SUBJ"
FOR EACH ROW
BEGIN
  FOR c IN (SELECT p."COORD_EMAIL", p."HSI_MRN"
              FROM "CAD"."HSI_CARE_PLAN" p
             WHERE p."PERSON_ID" = :NEW."PERSON_ID"
               AND (p."PLAN_END" IS NULL OR p."PLAN_END" >= TRUNC(SYSDATE)))
  LOOP
    UTL_MAIL.SEND(
      sender     => 'cad-noreply@nypd.example',
      recipients => c."COORD_EMAIL",
      subject    => 'EDP call - care plan patient',
      message    => 'MRN ' || c."HSI_MRN" || ': call ' || :NEW."CALL_NO" || ' unit ' || :NEW."UNIT_ID");
  END LOOP;
END;
/
ALTER TRIGGER "CAD"."EDP_SUBJ_CARE_NOTIFY" ENABLE;
--------------------------------------------------------
--  Constraints for Table HSI_CARE_PLAN
--------------------------------------------------------

  ALTER TABLE "CAD"."HSI_CARE_PLAN" ADD CONSTRAINT "HSI_CARE_PLAN_PK" PRIMARY KEY ("PERSON_ID")
  USING INDEX TABLESPACE "CAD_DATA"  ENABLE;
  ALTER TABLE "CAD"."HSI_CARE_PLAN" MODIFY ("COORD_EMAIL" NOT NULL ENABLE);
--------------------------------------------------------
--  Constraints for Table EDP_CALL_SUBJ
--------------------------------------------------------

  ALTER TABLE "CAD"."EDP_CALL_SUBJ" ADD CONSTRAINT "EDP_CALL_SUBJ_PK" PRIMARY KEY ("CALL_NO", "SUBJ_SEQ")
  USING INDEX TABLESPACE "CAD_DATA"  ENABLE;
