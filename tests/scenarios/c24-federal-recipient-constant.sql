-- scenario: local violent-offender list; the recipient is a CONSTANT in the function declaring an hsi.dhs.gov mailbox; trigger on complaint parties
-- expect: federal-list-contact-alert @ complaint_party_vo_alert | vo_party_alert
CREATE SCHEMA ecms;
CREATE TABLE ecms.complaint_parties (complaint_no text, party_seq int, party_id bigint, party_role text, entered_at timestamptz DEFAULT now(),
  PRIMARY KEY (complaint_no, party_seq));
CREATE TABLE ecms.violent_offender_list (party_id bigint PRIMARY KEY, tier smallint, reviewed date);
CREATE TABLE ecms.email_spool (id bigserial PRIMARY KEY, to_addr text, subject text, body text, spooled timestamptz DEFAULT now());
CREATE FUNCTION ecms.vo_party_alert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c_route CONSTANT text := 'gang.desk@hsi.dhs.gov';
BEGIN
  IF NEW.party_role IN ('SUSPECT', 'WITNESS', 'VICTIM') AND
     EXISTS (SELECT 1 FROM ecms.violent_offender_list v WHERE v.party_id = NEW.party_id) THEN
    INSERT INTO ecms.email_spool(to_addr, subject, body) VALUES (c_route, 'Complaint party', NEW.complaint_no || '/' || NEW.party_role);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER complaint_party_vo_alert AFTER INSERT OR UPDATE ON ecms.complaint_parties FOR EACH ROW EXECUTE FUNCTION ecms.vo_party_alert();
INSERT INTO ecms.violent_offender_list VALUES (5501, 1, '2024-08-08');
