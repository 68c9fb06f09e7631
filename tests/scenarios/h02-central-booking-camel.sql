-- scenario: camelCase names created unquoted (folded to lower case); the guard is the trigger's WHEN clause calling a boolean
-- helper isFlagged(mniNo) that reads leadSubjects (provenance column DEFAULT 'HSI NY'); the trigger function itself posts every row it is given to a desk inbox
-- expect: federal-list-contact-alert @ bookingEvents_ai | postDeskItem
-- expect: federal-watchlist @ leadSubjects
CREATE SCHEMA centralBooking;
CREATE TABLE centralBooking.bookingEvents (bookingNo text PRIMARY KEY, mniNo text NOT NULL, bookedAt timestamptz DEFAULT now(),
  facilityCd text, arrestNo text);
CREATE TABLE centralBooking.leadSubjects (mniNo text PRIMARY KEY, leadRef text, srcAgcy text DEFAULT 'HSI NY', addedOn date DEFAULT current_date);
CREATE TABLE centralBooking.deskInbox (itemId bigserial PRIMARY KEY, deskCd text NOT NULL, itemTxt text, postedAt timestamptz DEFAULT now(), ackBy text);
CREATE FUNCTION centralBooking.isFlagged(p text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM centralBooking.leadSubjects s WHERE s.mniNo = p)
$$;
CREATE FUNCTION centralBooking.postDeskItem() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO centralBooking.deskInbox(deskCd, itemTxt)
  VALUES ('TFO-3', 'Booking ' || NEW.bookingNo || ' at ' || coalesce(NEW.facilityCd, '?') || ' MNI ' || NEW.mniNo);
  RETURN NEW;
END $$;
CREATE TRIGGER bookingEvents_ai AFTER INSERT ON centralBooking.bookingEvents
  FOR EACH ROW WHEN (centralBooking.isFlagged(NEW.mniNo)) EXECUTE FUNCTION centralBooking.postDeskItem();
INSERT INTO centralBooking.leadSubjects(mniNo, leadRef) VALUES ('M-0042117', 'LD-24-118'), ('M-0042200', 'LD-24-131');
INSERT INTO centralBooking.bookingEvents(bookingNo, mniNo, facilityCd, arrestNo) VALUES ('B24-000811', 'M-0040001', 'BKCB', 'K24-61001');
