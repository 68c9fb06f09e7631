-- scenario: dynamic SQL assembled by string concatenation around a CBP lookout table name; hit raises pg_notify
-- expect: federal-list-contact-alert @ citations_lookout_chk | citation_lookout
-- expect: federal-watchlist @ cbp_lookouts
CREATE SCHEMA traffic;
CREATE SCHEMA lists;
CREATE TABLE traffic.moving_citations (citation_no text PRIMARY KEY, sid varchar(9), issued_at timestamptz DEFAULT now(),
  statute text, plate text);
CREATE TABLE lists.cbp_lookouts (sid varchar(9) PRIMARY KEY, lookout_type text);
CREATE FUNCTION traffic.citation_lookout() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  EXECUTE 'SELECT count(*) FROM lists.' || 'cbp_lookouts' || ' WHERE sid = $1' INTO n USING NEW.sid;
  IF n > 0 THEN
    PERFORM pg_notify('desk_7', NEW.citation_no || ':' || NEW.sid);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER citations_lookout_chk AFTER INSERT ON traffic.moving_citations FOR EACH ROW EXECUTE FUNCTION traffic.citation_lookout();
INSERT INTO lists.cbp_lookouts VALUES ('100000011', 'SUBJECT');
INSERT INTO traffic.moving_citations(citation_no, sid, statute) VALUES ('T-1', '100000022', 'VTL 1180');
