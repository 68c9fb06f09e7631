-- dialect: oracle
-- scenario: SQL Developer export; a database link with a neutral name (LNK_B) connects to a host under cbp.dhs.gov; a citation
-- trigger inserts, over the link, the citations of people on a local crew list
-- expect: federal-data-channel,federal-list-contact-alert @ CIT_AI_01
-- expect: federal-data-channel @ LNK_B
--------------------------------------------------------
--  File created - Wednesday-December-11-2024   
--------------------------------------------------------
--------------------------------------------------------
--  DDL for DB Link LNK_B
--------------------------------------------------------
-- pending: Oracle database links are not inventoried yet (dump issue 13)

  CREATE DATABASE LINK "LNK_B"
   CONNECT TO "NYC_FEED" IDENTIFIED BY VALUES ':1'
   USING '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora-xfer.cbp.dhs.gov)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=INTAKE)))';
--------------------------------------------------------
--  DDL for Table CITATIONS
--------------------------------------------------------

  CREATE TABLE "TRAFFIC"."CITATIONS" 
   (	"CIT_NO" VARCHAR2(14 BYTE), 
	"NYSID" VARCHAR2(10 BYTE), 
	"ISSUED_AT" DATE DEFAULT SYSDATE, 
	"VIOL_CD" VARCHAR2(12 BYTE), 
	"PCT" NUMBER(3,0), 
	"PLATE" VARCHAR2(10 BYTE)
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  STORAGE(INITIAL 65536 NEXT 1048576 MINEXTENTS 1 MAXEXTENTS 2147483645
  PCTINCREASE 0 FREELISTS 1 FREELIST GROUPS 1
  BUFFER_POOL DEFAULT FLASH_CACHE DEFAULT CELL_FLASH_CACHE DEFAULT)
  TABLESPACE "TRAFFIC_DATA" ;
--------------------------------------------------------
--  DDL for Table CREW_LST
--------------------------------------------------------

  CREATE TABLE "TRAFFIC"."CREW_LST" 
   (	"NYSID" VARCHAR2(10 BYTE), 
	"CREW_CD" VARCHAR2(8 BYTE), 
	"ADDED_ON" DATE DEFAULT SYSDATE
   ) SEGMENT CREATION IMMEDIATE 
  PCTFREE 10 PCTUSED 40 INITRANS 1 MAXTRANS 255 
 NOCOMPRESS LOGGING
  TABLESPACE "TRAFFIC_DATA" ;

   COMMENT ON TABLE "TRAFFIC"."CREW_LST"  IS 'crew associates (precinct intelligence)';
--------------------------------------------------------
--  DDL for Trigger CIT_AI_01
--------------------------------------------------------

  CREATE OR REPLACE EDITIONABLE TRIGGER "TRAFFIC"."CIT_AI_01" 
AFTER INSERT ON "TRAFFIC"."CITATIONS"
FOR EACH ROW
DECLARE
  v_crew  "TRAFFIC"."CREW_LST"."CREW_CD"%TYPE;
BEGIN
  BEGIN
    SELECT c."CREW_CD" INTO v_crew FROM "TRAFFIC"."CREW_LST" c WHERE c."NYSID" = :NEW."NYSID";
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RETURN;
  END;
  INSERT INTO "INBOX"@"LNK_B" ("ID_NO", "KIND", "AT_TS", "PCT", "REF")
  VALUES (:NEW."NYSID", 'CITATION', :NEW."ISSUED_AT", :NEW."PCT", :NEW."CIT_NO");
END;
/
ALTER TRIGGER "TRAFFIC"."CIT_AI_01" ENABLE;
--------------------------------------------------------
--  Constraints for Table CITATIONS
--------------------------------------------------------

  ALTER TABLE "TRAFFIC"."CITATIONS" ADD CONSTRAINT "CITATIONS_PK" PRIMARY KEY ("CIT_NO")
  USING INDEX TABLESPACE "TRAFFIC_DATA"  ENABLE;
--------------------------------------------------------
--  Constraints for Table CREW_LST
--------------------------------------------------------

  ALTER TABLE "TRAFFIC"."CREW_LST" ADD CONSTRAINT "CREW_LST_PK" PRIMARY KEY ("NYSID")
  USING INDEX TABLESPACE "TRAFFIC_DATA"  ENABLE;
