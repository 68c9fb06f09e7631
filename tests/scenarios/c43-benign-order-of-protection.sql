-- scenario: benign — domestic violence unit is notified when the respondent of an active order of protection is involved in a domestic incident report
-- expect: person-contact-alert @ dir_op_respondent | op_respondent_contact
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA dv;
CREATE TABLE dv.orders_of_protection (op_no text PRIMARY KEY, respondent_id bigint, protected_party_id bigint, expires date, issuing_court text);
CREATE TABLE dv.domestic_incident_reports (dir_no text PRIMARY KEY, party_id bigint, party_role text, reported_at timestamptz DEFAULT now());
CREATE TABLE dv.unit_alerts (id bigserial PRIMARY KEY, unit text, op_no text, dir_no text, created timestamptz DEFAULT now());
CREATE FUNCTION dv.op_respondent_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dv.unit_alerts(unit, op_no, dir_no)
  SELECT 'DV UNIT', o.op_no, NEW.dir_no FROM dv.orders_of_protection o
  WHERE o.respondent_id = NEW.party_id AND o.expires >= current_date;
  RETURN NEW;
END $$;
CREATE TRIGGER dir_op_respondent AFTER INSERT ON dv.domestic_incident_reports FOR EACH ROW EXECUTE FUNCTION dv.op_respondent_contact();
INSERT INTO dv.orders_of_protection VALUES ('OP-1', 131, 132, '2030-01-01', 'FAMILY COURT KINGS');
