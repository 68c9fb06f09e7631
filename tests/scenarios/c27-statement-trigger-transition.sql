-- scenario: statement-level trigger with a transition table joins the new complaint parties to an ERO case-subject table and writes an outbox
-- expect: federal-list-contact-alert @ complaint_parties_batch_screen | batch_party_screen
-- expect: federal-watchlist @ ero_case_subjects
CREATE SCHEMA omni;
CREATE TABLE omni.complaint_parties (complaint_no text, party_seq int, party_id bigint, party_role text, entered_at timestamptz DEFAULT now());
CREATE TABLE omni.ero_case_subjects (party_id bigint PRIMARY KEY, ero_case text);
CREATE TABLE omni.alert_outbox (id bigserial PRIMARY KEY, recipient text, complaint_no text, party_id bigint, made timestamptz DEFAULT now());
CREATE FUNCTION omni.batch_party_screen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO omni.alert_outbox(recipient, complaint_no, party_id)
  SELECT 'tfo.omni', n.complaint_no, n.party_id
  FROM new_parties n JOIN omni.ero_case_subjects s ON s.party_id = n.party_id;
  RETURN NULL;
END $$;
CREATE TRIGGER complaint_parties_batch_screen AFTER INSERT ON omni.complaint_parties
  REFERENCING NEW TABLE AS new_parties FOR EACH STATEMENT EXECUTE FUNCTION omni.batch_party_screen();
INSERT INTO omni.ero_case_subjects VALUES (6601, 'ERO-NY-01');
INSERT INTO omni.complaint_parties(complaint_no, party_seq, party_id, party_role) VALUES ('2024-075-00001', 1, 6601, 'SUSPECT'), ('2024-075-00001', 2, 6602, 'VICTIM');
