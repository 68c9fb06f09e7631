-- scenario: ice_interest boolean on subjects, read into a scalar by a citation trigger that raises pg_notify
-- expect: federal-list-contact-alert @ citations_interest_notify | citation_interest
CREATE SCHEMA ident;
CREATE SCHEMA enforcement;
CREATE TABLE ident.subjects (sid varchar(9) PRIMARY KEY, surname text, forename text, ice_interest boolean DEFAULT false);
CREATE TABLE enforcement.citations (citation_id serial PRIMARY KEY, sid varchar(9) REFERENCES ident.subjects, cited_at timestamptz DEFAULT now(),
  offense_code text, officer_tax int);
CREATE FUNCTION enforcement.citation_interest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_interest boolean;
BEGIN
  SELECT ice_interest INTO v_interest FROM ident.subjects WHERE sid = NEW.sid;
  IF coalesce(v_interest, false) THEN
    PERFORM pg_notify('citation_watch', NEW.sid || ' cited ' || NEW.cited_at::text);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER citations_interest_notify AFTER INSERT ON enforcement.citations FOR EACH ROW EXECUTE FUNCTION enforcement.citation_interest();
INSERT INTO ident.subjects VALUES ('100000031', 'DOE', 'SAM', false), ('100000032', 'ROE', 'ANA', true);
