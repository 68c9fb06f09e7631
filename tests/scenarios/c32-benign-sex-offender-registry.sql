-- scenario: benign — a registry unit is told when a registered sex offender (state registry, Division of Criminal Justice Services) is stopped; "justice", "service", "office" contain i-c-e
-- expect: person-contact-alert @ terry_stops_registry | registry_contact_notice
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA sora;
CREATE SCHEMA stops;
CREATE TABLE sora.registrants (nysid varchar(10) PRIMARY KEY, risk_level smallint, registered_on date, supervising_office text);
COMMENT ON TABLE sora.registrants IS 'NYS Sex Offender Registry extract, Division of Criminal Justice Services (state agency)';
CREATE TABLE stops.terry_stops (stop_id bigserial PRIMARY KEY, nysid varchar(10), stop_time timestamptz DEFAULT now(), police_service_area int);
CREATE TABLE sora.unit_notifications (id bigserial PRIMARY KEY, office text, notice_text text, created timestamptz DEFAULT now());
CREATE FUNCTION sora.registry_contact_notice() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r sora.registrants%ROWTYPE;
BEGIN
  SELECT * INTO r FROM sora.registrants WHERE nysid = NEW.nysid;
  IF FOUND THEN
    INSERT INTO sora.unit_notifications(office, notice_text)
    VALUES ('SORA MONITORING OFFICE', 'level ' || r.risk_level || ' registrant stopped in PSA ' || NEW.police_service_area);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER terry_stops_registry AFTER INSERT ON stops.terry_stops FOR EACH ROW EXECUTE FUNCTION sora.registry_contact_notice();
INSERT INTO sora.registrants VALUES ('10000008H', 2, '2015-06-06', 'Office of Probation');
