-- scenario: benign — ice_phone means In Case of Emergency; a juvenile arrest queues the legally required parent notice; words police/notice/service/office/justice
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA juvenile;
CREATE TABLE juvenile.youth_persons (youth_id bigint PRIMARY KEY, last_name text, first_name text, dob date, guardian_name text, ice_phone text);
COMMENT ON COLUMN juvenile.youth_persons.ice_phone IS 'In Case of Emergency phone number (parent or guardian)';
CREATE TABLE juvenile.youth_arrests (arrest_id bigserial PRIMARY KEY, youth_id bigint REFERENCES juvenile.youth_persons, arrest_ts timestamptz DEFAULT now(),
  police_service_area int, juvenile_justice_office text);
CREATE TABLE juvenile.parent_notices (notice_id bigserial PRIMARY KEY, phone text, notice_text text, created timestamptz DEFAULT now());
COMMENT ON TABLE juvenile.parent_notices IS 'Parental notice of arrest required by the Family Court Act; police service office queue';
CREATE FUNCTION juvenile.queue_parent_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO juvenile.parent_notices(phone, notice_text)
  SELECT y.ice_phone, 'Notice: ' || y.first_name || ' is at ' || coalesce(NEW.juvenile_justice_office, 'the precinct')
  FROM juvenile.youth_persons y WHERE y.youth_id = NEW.youth_id AND y.ice_phone IS NOT NULL;
  RETURN NEW;
END $$;
CREATE TRIGGER youth_arrests_parent_notice AFTER INSERT ON juvenile.youth_arrests FOR EACH ROW EXECUTE FUNCTION juvenile.queue_parent_notice();
INSERT INTO juvenile.youth_persons VALUES (1, 'DOE', 'KIM', '2010-10-10', 'DOE, LEE', '212-555-0199');
INSERT INTO juvenile.youth_arrests(youth_id, police_service_area, juvenile_justice_office) VALUES (1, 3, 'Juvenile Justice Office');
