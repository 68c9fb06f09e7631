-- scenario: no list at all; an arrest trigger alerts the intel liaison when citizenship / country of birth are not US
-- expect: immigration-status-alert @ arrests_birthplace_chk | arrest_birthplace_notice
-- forbid: federal-watchlist,federal-data-channel
CREATE SCHEMA cpd;
CREATE TABLE cpd.arrests (arrest_id bigserial PRIMARY KEY, arrestee_id bigint, arrest_time timestamptz DEFAULT now(),
  citizenship text, country_of_birth text, charge text);
CREATE TABLE cpd.liaison_notifications (id bigserial PRIMARY KEY, to_unit text, arrest_id bigint, note text, at timestamptz DEFAULT now());
CREATE FUNCTION cpd.arrest_birthplace_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.citizenship IS DISTINCT FROM 'USA' AND coalesce(NEW.country_of_birth, '') NOT IN ('USA', 'US', 'PUERTO RICO') THEN
    INSERT INTO cpd.liaison_notifications(to_unit, arrest_id, note) VALUES ('INTEL LIAISON', NEW.arrest_id, NEW.country_of_birth);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arrests_birthplace_chk AFTER INSERT ON cpd.arrests FOR EACH ROW EXECUTE FUNCTION cpd.arrest_birthplace_notice();
