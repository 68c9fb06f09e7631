-- scenario: benign — "ero" only inside zero_tolerance / hero_awards, plus device and price columns; a location (not person) alert to the precinct commanding officer
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA enf;
CREATE TABLE enf.zero_tolerance_zones (zone_id serial PRIMARY KEY, block_face text UNIQUE, reason text, set_by_office text);
CREATE TABLE enf.hero_awards (award_id serial PRIMARY KEY, tax_id int, award_name text, awarded date);
CREATE TABLE enf.summons_log (summons_no text PRIMARY KEY, block_face text, issued timestamptz DEFAULT now(), device text, fine_price numeric(7,2));
CREATE TABLE enf.co_inbox (id bigserial PRIMARY KEY, precinct int, memo text, created timestamptz DEFAULT now());
CREATE FUNCTION enf.zero_tolerance_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM enf.zero_tolerance_zones z WHERE z.block_face = NEW.block_face) THEN
    INSERT INTO enf.co_inbox(precinct, memo) VALUES (1, 'zero tolerance block ' || NEW.block_face || ' summons via ' || coalesce(NEW.device, 'paper'));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER summons_log_zero_tol AFTER INSERT ON enf.summons_log FOR EACH ROW EXECUTE FUNCTION enf.zero_tolerance_tally();
INSERT INTO enf.zero_tolerance_zones(block_face, reason, set_by_office) VALUES ('W 42 ST / 8 AV', 'community complaints', 'Office of the Chief of Patrol');
INSERT INTO enf.hero_awards(tax_id, award_name, awarded) VALUES (955001, 'Hero of the Month', '2024-05-01');
