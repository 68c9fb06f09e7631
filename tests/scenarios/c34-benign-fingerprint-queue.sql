-- scenario: benign — job-queue trigger wakes the livescan fingerprint worker for every new booking; no list, no person delivery
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA arraignment;
CREATE TABLE arraignment.bookings (booking_id bigserial PRIMARY KEY, nysid varchar(10), booked_at timestamptz DEFAULT now(), prints_status text DEFAULT 'PENDING');
CREATE TABLE arraignment.print_jobs (job_id bigserial PRIMARY KEY, booking_id bigint, state text DEFAULT 'NEW', attempts int DEFAULT 0);
CREATE FUNCTION arraignment.enqueue_prints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO arraignment.print_jobs(booking_id) VALUES (NEW.booking_id);
  PERFORM pg_notify('new_booking', NEW.booking_id::text);
  RETURN NEW;
END $$;
CREATE TRIGGER bookings_enqueue_prints AFTER INSERT ON arraignment.bookings FOR EACH ROW EXECUTE FUNCTION arraignment.enqueue_prints();
INSERT INTO arraignment.bookings(nysid) VALUES ('10000009J');
