-- scenario: neutral list name; only COMMENT ON TABLE says the subjects were referred by HSI; trigger on CAD incident subjects pages a detective
-- expect: federal-list-contact-alert @ trg_incident_subject_screen | screen_incident_subject
-- expect: federal-watchlist @ priority_subjects
CREATE SCHEMA cad;
CREATE SCHEMA squad;
CREATE TABLE cad.incidents (incident_no text PRIMARY KEY, call_type text, received_at timestamptz DEFAULT now(), sector text);
CREATE TABLE cad.incident_subjects (incident_no text REFERENCES cad.incidents, subject_id bigint, subject_role text,
  recorded_at timestamptz DEFAULT now(), PRIMARY KEY (incident_no, subject_id));
CREATE TABLE squad.priority_subjects (subject_id bigint PRIMARY KEY, case_no text, since date);
COMMENT ON TABLE squad.priority_subjects IS 'Referrals received from Homeland Security Investigations, New York field office';
CREATE TABLE squad.pager_messages (id serial PRIMARY KEY, to_tax_id int, text_body text, created timestamptz DEFAULT now());
CREATE FUNCTION squad.screen_incident_subject() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_case text;
BEGIN
  SELECT case_no INTO v_case FROM squad.priority_subjects WHERE subject_id = NEW.subject_id;
  IF FOUND THEN
    INSERT INTO squad.pager_messages(to_tax_id, text_body)
    VALUES (912345, 'CAD ' || NEW.incident_no || ' case ' || v_case);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_incident_subject_screen AFTER INSERT ON cad.incident_subjects
  FOR EACH ROW EXECUTE FUNCTION squad.screen_incident_subject();
INSERT INTO squad.priority_subjects VALUES (50001, 'C-17', '2024-02-01');
