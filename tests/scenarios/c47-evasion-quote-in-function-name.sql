-- scenario: evasion — the alerting trigger function has a double quote inside its quoted name, so a name-based lookup that strips quotes finds nothing
-- expect: federal-list-contact-alert @ arrests_intake_check
-- expect: federal-watchlist @ detainer_requests
CREATE SCHEMA ops;
CREATE TABLE ops.arrests (arrest_id bigserial PRIMARY KEY, person_id bigint NOT NULL, arrest_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE ops.detainer_requests (person_id bigint PRIMARY KEY, received date DEFAULT current_date,
  requesting_agency text DEFAULT 'ICE ERO New York');
CREATE TABLE ops.courier (id bigserial PRIMARY KEY, addr text, payload text, made timestamptz DEFAULT now());
CREATE FUNCTION ops."intake""check"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ops.detainer_requests d WHERE d.person_id = NEW.person_id) THEN
    INSERT INTO ops.courier(addr, payload) VALUES ('liaison.desk@pd.example', 'arrest ' || NEW.arrest_id);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arrests_intake_check AFTER INSERT ON ops.arrests FOR EACH ROW EXECUTE FUNCTION ops."intake""check"();
INSERT INTO ops.detainer_requests(person_id) VALUES (77);
