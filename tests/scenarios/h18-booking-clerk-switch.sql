-- scenario: a booking trigger tells the arraignment clerk about every booking when the app.alerts_on setting is 'on' (a feature
-- switch, not a list); the person table also keeps an "ICE" (in case of emergency) phone number
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA bk;
CREATE SCHEMA ntf;
CREATE TABLE bk.persons (p_key bigint PRIMARY KEY, lname text, fname text, dob date, ice_name text, ice_ph text);
COMMENT ON COLUMN bk.persons.ice_ph IS 'ICE = In Case of Emergency contact phone';
CREATE TABLE bk.bookings (bkg_no text PRIMARY KEY, p_key bigint REFERENCES bk.persons, bkg_ts timestamptz DEFAULT now(), court_part text);
CREATE TABLE ntf.notification (id bigserial PRIMARY KEY, recipient text NOT NULL, subject text, body text, created timestamptz DEFAULT now());
CREATE FUNCTION bk.tell_clerk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('app.alerts_on', true), 'off') = 'on' THEN
    INSERT INTO ntf.notification(recipient, subject, body)
    VALUES ('arraignment.clerk@courts.example', 'New booking ' || NEW.bkg_no, 'Part ' || coalesce(NEW.court_part, 'AR1'));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER bookings_clerk AFTER INSERT ON bk.bookings FOR EACH ROW EXECUTE FUNCTION bk.tell_clerk();
INSERT INTO bk.persons VALUES (1, 'DOE', 'SAM', '2001-01-01', 'DOE, ELLA', '212-555-0147');
INSERT INTO bk.bookings(bkg_no, p_key, court_part) VALUES ('B24-3001', 1, 'AR2');
