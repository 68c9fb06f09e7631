-- scenario: mixed local gang database; the trigger only alerts on rows whose referring_agency literal is 'ICE ERO'
-- expect: federal-list-contact-alert @ bookings_gang_ref_check | booking_referral_hit
CREATE SCHEMA intel;
CREATE SCHEMA central_booking;
CREATE TABLE intel.gang_database (nysid varchar(10) PRIMARY KEY, gang_name text, entered_on date, referring_agency text);
CREATE TABLE central_booking.bookings (booking_seq bigserial PRIMARY KEY, nysid varchar(10), booked_at timestamptz DEFAULT now(), borough char(1));
CREATE TABLE central_booking.msg_out (id bigserial PRIMARY KEY, addressee text, subject text, body text, created timestamptz DEFAULT now());
CREATE FUNCTION central_booking.booking_referral_hit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM intel.gang_database g
             WHERE g.nysid = NEW.nysid AND g.referring_agency = 'ICE ERO') THEN
    INSERT INTO central_booking.msg_out(addressee, subject, body)
    VALUES ('po.kent', 'Booking alert', 'NYSID ' || NEW.nysid || ' booked ' || NEW.booked_at);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bookings_gang_ref_check AFTER INSERT ON central_booking.bookings
  FOR EACH ROW EXECUTE FUNCTION central_booking.booking_referral_hit();
INSERT INTO intel.gang_database VALUES ('10000001A', 'CREW-A', '2023-04-01', 'NYPD GANG SQUAD'), ('10000002B', 'CREW-B', '2024-06-01', 'ICE ERO');
