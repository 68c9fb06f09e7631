-- scenario: benign — "DHS" is NYC's Department of Homeless Services; a quality-of-life contact with a sheltered client notifies the client's outreach caseworker
-- expect: person-contact-alert @ qol_contacts_outreach | outreach_contact_notice
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA outreach;
CREATE SCHEMA psa;
CREATE TABLE outreach.dhs_shelter_placements (client_id bigint PRIMARY KEY, shelter_code text, placed_on date, caseworker_email text);
COMMENT ON TABLE outreach.dhs_shelter_placements IS 'NYC Department of Homeless Services (DHS) shelter placements, city agency data share';
CREATE TABLE psa.quality_of_life_contacts (qol_id bigserial PRIMARY KEY, client_id bigint, contact_at timestamptz DEFAULT now(), location text, referral_offered boolean);
CREATE TABLE outreach.worker_messages (id bigserial PRIMARY KEY, to_email text, body text, created timestamptz DEFAULT now());
CREATE FUNCTION outreach.outreach_contact_notice() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_email text;
BEGIN
  SELECT caseworker_email INTO v_email FROM outreach.dhs_shelter_placements WHERE client_id = NEW.client_id;
  IF v_email IS NOT NULL THEN
    INSERT INTO outreach.worker_messages(to_email, body) VALUES (v_email, 'Client contacted by PSA at ' || NEW.location);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER qol_contacts_outreach AFTER INSERT ON psa.quality_of_life_contacts FOR EACH ROW EXECUTE FUNCTION outreach.outreach_contact_notice();
INSERT INTO outreach.dhs_shelter_placements VALUES (111, 'SH-07', '2024-04-04', 'outreach.team7@dhs.nyc.gov');
