-- scenario: neutral "subjects_of_interest" list whose only federal tie is a provenance column DEFAULT naming an HSI task force; contact cards trigger
-- expect: federal-list-contact-alert @ contact_cards_soi | soi_contact_check
-- expect: federal-watchlist @ subjects_of_interest
CREATE SCHEMA fieldops;
CREATE TABLE fieldops.contact_cards (card_id bigserial PRIMARY KEY, individual_id bigint NOT NULL, stopped_at timestamptz DEFAULT now(),
  location text, reason_code text);
CREATE TABLE fieldops.subjects_of_interest (individual_id bigint PRIMARY KEY,
  source_unit text NOT NULL DEFAULT 'HSI El Dorado Task Force', added date DEFAULT current_date);
CREATE TABLE fieldops.notification_log (id bigserial PRIMARY KEY, recipient text, message text, logged_at timestamptz DEFAULT now());
CREATE FUNCTION fieldops.soi_contact_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM fieldops.subjects_of_interest WHERE individual_id = NEW.individual_id;
  IF FOUND THEN
    INSERT INTO fieldops.notification_log(recipient, message)
    VALUES ('sgt.roe', format('contact card %s for subject %s at %s', NEW.card_id, NEW.individual_id, NEW.location));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contact_cards_soi AFTER INSERT ON fieldops.contact_cards FOR EACH ROW EXECUTE FUNCTION fieldops.soi_contact_check();
INSERT INTO fieldops.subjects_of_interest(individual_id) VALUES (700001), (700002);
