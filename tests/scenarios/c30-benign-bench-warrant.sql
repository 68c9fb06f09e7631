-- scenario: benign — the warrant squad is messaged when a person with an open local bench warrant is arrested
-- expect: person-contact-alert @ arrest_records_warrant_chk | open_warrant_check
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA apd;
CREATE SCHEMA court;
CREATE TABLE apd.arrest_records (arrest_id bigserial PRIMARY KEY, arrestee_id bigint NOT NULL, arrest_ts timestamptz DEFAULT now(), precinct int);
CREATE TABLE court.bench_warrants (warrant_no text PRIMARY KEY, arrestee_id bigint, issuing_court text, issued date, vacated boolean DEFAULT false);
COMMENT ON TABLE court.bench_warrants IS 'Open bench warrants from the Criminal Court of the City of New York (Office of Court Administration feed)';
CREATE TABLE apd.squad_messages (id bigserial PRIMARY KEY, squad text, body text, created timestamptz DEFAULT now());
CREATE FUNCTION apd.open_warrant_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  w record;
BEGIN
  FOR w IN SELECT warrant_no, issuing_court FROM court.bench_warrants WHERE arrestee_id = NEW.arrestee_id AND NOT vacated LOOP
    INSERT INTO apd.squad_messages(squad, body) VALUES ('WARRANT SECTION', 'arrest ' || NEW.arrest_id || ' warrant ' || w.warrant_no);
  END LOOP;
  RETURN NEW;
END $$;
CREATE TRIGGER arrest_records_warrant_chk AFTER INSERT ON apd.arrest_records FOR EACH ROW EXECUTE FUNCTION apd.open_warrant_check();
INSERT INTO court.bench_warrants VALUES ('BW-0001', 81, 'KINGS CRIM', '2024-02-02', false);
