-- scenario: benign — local gang unit is messaged when a member on the locally maintained gang list is arrested (no federal tie anywhere)
-- expect: person-contact-alert @ ArrestGangNotify | fn_gang_arrest_notify
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA "Gang";
CREATE SCHEMA "Arrests";
CREATE TABLE "Gang"."MemberList" ("NYSID" varchar(10) PRIMARY KEY, "Crew" text, "EnteredBy" text, "ReviewDue" date);
COMMENT ON TABLE "Gang"."MemberList" IS 'Gang Squad list, entries reviewed every 3 years per department policy';
CREATE TABLE "Arrests"."ArrestHeader" ("ArrestNo" text PRIMARY KEY, "NYSID" varchar(10), "ArrestTS" timestamptz DEFAULT now(), "Pct" int);
CREATE TABLE "Gang"."Inbox" ("MsgID" serial PRIMARY KEY, "ToUnit" text, "Msg" text);
CREATE FUNCTION "Gang".fn_gang_arrest_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."NYSID" IN (SELECT "NYSID" FROM "Gang"."MemberList") THEN
    INSERT INTO "Gang"."Inbox"("ToUnit", "Msg") VALUES ('GANG SQUAD PBBN', 'arrest ' || NEW."ArrestNo");
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "ArrestGangNotify" AFTER INSERT ON "Arrests"."ArrestHeader" FOR EACH ROW EXECUTE FUNCTION "Gang".fn_gang_arrest_notify();
INSERT INTO "Gang"."MemberList" VALUES ('10000010K', 'CREW-L', 'det.two', '2026-01-01');
