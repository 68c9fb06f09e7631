-- scenario: two-step alert with quoted mixed-case names: a BEFORE trigger on "ArrestRecord" sets "NotifyFlg" when the
-- "SubjectKey" is in "GroupB" (column "ReqBy" DEFAULT 'ICE ERO SDDO'); a saved report row (SQL text + e-mail) delivers the
-- flagged arrests of the last hour
-- expect: federal-list-contact-alert @ trgArrestRecordFlag | fnArrestRecordFlag | B-list arrests
-- expect: federal-watchlist @ GroupB
CREATE SCHEMA "Rms";
CREATE SCHEMA "Rpt";
CREATE TABLE "Rms"."ArrestRecord" ("ArrestNo" text PRIMARY KEY, "SubjectKey" bigint NOT NULL, "ArrestTs" timestamptz DEFAULT now(),
  "Pct" int, "TopCharge" text, "NotifyFlg" boolean DEFAULT false);
CREATE TABLE "Rms"."GroupB" ("SubjectKey" bigint PRIMARY KEY, "CaseRef" text, "ReqBy" text NOT NULL DEFAULT 'ICE ERO SDDO', "Added" date DEFAULT current_date);
CREATE TABLE "Rpt"."SchedRpt" ("RptId" int PRIMARY KEY, "Title" text NOT NULL, "SqlTxt" text NOT NULL, "EmailTo" text, "Cron" text, "Owner" text);
CREATE FUNCTION "Rms"."fnArrestRecordFlag"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."NotifyFlg" := EXISTS (SELECT 1 FROM "Rms"."GroupB" b WHERE b."SubjectKey" = NEW."SubjectKey");
  RETURN NEW;
END $$;
CREATE TRIGGER "trgArrestRecordFlag" BEFORE INSERT OR UPDATE ON "Rms"."ArrestRecord" FOR EACH ROW EXECUTE FUNCTION "Rms"."fnArrestRecordFlag"();
INSERT INTO "Rms"."GroupB"("SubjectKey", "CaseRef") VALUES (81001, 'SDDO-24-0411');
INSERT INTO "Rms"."ArrestRecord"("ArrestNo", "SubjectKey", "Pct", "TopCharge") VALUES ('B24-610001', 81002, 46, 'PL 155.30');
INSERT INTO "Rpt"."SchedRpt" VALUES
 (1, 'Arrests by charge (daily)', 'SELECT "TopCharge", count(*) FROM "Rms"."ArrestRecord" WHERE "ArrestTs"::date = current_date - 1 GROUP BY 1',
  'crime.analysis@nypd.example', '0 5 * * *', 'ca.unit'),
 (2, 'B-list arrests', 'SELECT a."ArrestNo", a."SubjectKey", a."Pct", a."ArrestTs" FROM "Rms"."ArrestRecord" a WHERE a."NotifyFlg" AND a."ArrestTs" > now() - interval ''1 hour''',
  'po.d.roe@nypd.example', '0 * * * *', 'po.d.roe');
