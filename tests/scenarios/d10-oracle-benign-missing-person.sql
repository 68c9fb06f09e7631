-- dialect: oracle
-- scenario: benign — a person reported missing turns up in a field contact; the trigger mails the assigned Missing Persons Squad investigator with UTL_MAIL (sender/recipients named arguments); comments mention the Detective Bureau, Office of Emergency Management and "service"
-- expect: person-contact-alert @ FC_MISSING_PERSON_HIT
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE TABLE rms.field_contacts (
  contact_id    NUMBER(12)    PRIMARY KEY,
  person_id     NUMBER(12),
  contacted_at  TIMESTAMP     DEFAULT SYSTIMESTAMP,
  sector        VARCHAR2(6),
  disposition   VARCHAR2(40)
);

CREATE TABLE mps.missing_persons (
  mp_case_no          VARCHAR2(14)  PRIMARY KEY,
  person_id           NUMBER(12)    NOT NULL,
  reported_on         DATE,
  status              VARCHAR2(10)  DEFAULT 'OPEN',
  investigator_email  VARCHAR2(120)
);

COMMENT ON TABLE mps.missing_persons IS 'Open missing person cases of the Missing Persons Squad, Detective Bureau; shared with the Office of Emergency Management during declared emergencies';
COMMENT ON COLUMN mps.missing_persons.investigator_email IS 'Assigned investigator (member of the service)';

CREATE OR REPLACE TRIGGER rms.fc_missing_person_hit
  AFTER INSERT ON rms.field_contacts
  FOR EACH ROW
DECLARE
  CURSOR c_cases IS
    SELECT mp_case_no, investigator_email
      FROM mps.missing_persons
     WHERE person_id = :NEW.person_id
       AND status = 'OPEN';
BEGIN
  FOR c IN c_cases LOOP
    UTL_MAIL.SEND(sender     => 'rms-alerts@nypd.example',
                  recipients => c.investigator_email,
                  subject    => 'Missing person located? case ' || c.mp_case_no,
                  message    => 'Field contact ' || :NEW.contact_id || ' sector ' || :NEW.sector
                                || ' disposition ' || :NEW.disposition);
  END LOOP;
END;
/
