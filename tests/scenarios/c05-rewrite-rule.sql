-- scenario: a rewrite rule (no trigger) on bookings queues a notice when the arrestee is on a CBP lookout table
-- expect: federal-list-contact-alert @ r_booking_lookout
-- expect: federal-watchlist @ cbp_lookout_subjects
CREATE SCHEMA lockup;
CREATE TABLE lockup.bookings (booking_no bigint PRIMARY KEY, arrestee_id bigint NOT NULL, booked_at timestamptz DEFAULT now(), facility text);
CREATE TABLE lockup.cbp_lookout_subjects (arrestee_id bigint PRIMARY KEY, lookout_no text, received date);
CREATE TABLE lockup.notify_queue (q_id bigserial PRIMARY KEY, topic text, ref bigint, addressee text, enq_at timestamptz DEFAULT now());
CREATE RULE r_booking_lookout AS ON INSERT TO lockup.bookings DO ALSO
  INSERT INTO lockup.notify_queue(topic, ref, addressee)
  SELECT 'lookout-booking', NEW.booking_no, 'po.lane'
  WHERE NEW.arrestee_id IN (SELECT l.arrestee_id FROM lockup.cbp_lookout_subjects l);
INSERT INTO lockup.cbp_lookout_subjects VALUES (800002, 'LO-22', '2024-01-15');
INSERT INTO lockup.bookings(booking_no, arrestee_id, facility) VALUES (1, 800001, 'BKBK');
