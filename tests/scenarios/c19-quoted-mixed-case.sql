-- scenario: quoted MixedCase identifiers throughout: "Intel"."HSI_Watch", "Jail"."Bookings", "PersonID"
-- expect: federal-list-contact-alert @ trgBookingWatch | fnBookingWatch
-- expect: federal-watchlist @ HSI_Watch
CREATE SCHEMA "Intel";
CREATE SCHEMA "Jail";
CREATE TABLE "Jail"."Bookings" ("BookingID" serial PRIMARY KEY, "PersonID" int NOT NULL, "BookedAt" timestamptz DEFAULT now(), "Facility" text);
CREATE TABLE "Intel"."HSI_Watch" ("PersonID" int PRIMARY KEY, "AddedOn" date DEFAULT current_date, "CaseAgent" text);
CREATE TABLE "Intel"."Notifications" ("NotificationID" serial PRIMARY KEY, "Recipient" text, "Body" text, "CreatedAt" timestamptz DEFAULT now());
CREATE FUNCTION "Intel"."fnBookingWatch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "Intel"."HSI_Watch" w WHERE w."PersonID" = NEW."PersonID") THEN
    INSERT INTO "Intel"."Notifications"("Recipient", "Body")
    VALUES ('PO.Garcia', 'Booking ' || NEW."BookingID" || ' at ' || NEW."Facility");
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "trgBookingWatch" AFTER INSERT ON "Jail"."Bookings" FOR EACH ROW EXECUTE FUNCTION "Intel"."fnBookingWatch"();
INSERT INTO "Intel"."HSI_Watch"("PersonID", "CaseAgent") VALUES (4401, 'SA-EXAMPLE');
INSERT INTO "Jail"."Bookings"("PersonID", "Facility") VALUES (4401, 'MNBK');
