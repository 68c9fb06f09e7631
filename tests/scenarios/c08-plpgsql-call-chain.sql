-- scenario: trigger fn -> helper that checks a JTTF persons-of-interest table -> helper that does PERFORM pg_notify
-- expect: federal-list-contact-alert @ trg_cfs_party_added | on_cfs_party
-- expect: federal-watchlist @ jttf_persons_of_interest
CREATE SCHEMA dispatch;
CREATE TABLE dispatch.cfs_parties (cfs_no text, party_id bigint, party_role text, added_at timestamptz DEFAULT now());
CREATE TABLE dispatch.jttf_persons_of_interest (party_id bigint PRIMARY KEY, poi_code text);
CREATE FUNCTION dispatch.page_handler(p_party bigint, p_cfs text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('handler_page', json_build_object('party', p_party, 'cfs', p_cfs)::text);
END $$;
CREATE FUNCTION dispatch.check_party(p_party bigint, p_cfs text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM dispatch.jttf_persons_of_interest WHERE party_id = p_party) THEN
    PERFORM dispatch.page_handler(p_party, p_cfs);
  END IF;
END $$;
CREATE FUNCTION dispatch.on_cfs_party() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dispatch.check_party(NEW.party_id, NEW.cfs_no);
  RETURN NEW;
END $$;
CREATE TRIGGER trg_cfs_party_added AFTER INSERT ON dispatch.cfs_parties FOR EACH ROW EXECUTE FUNCTION dispatch.on_cfs_party();
INSERT INTO dispatch.jttf_persons_of_interest VALUES (3101, 'POI-A');
INSERT INTO dispatch.cfs_parties(cfs_no, party_id, party_role) VALUES ('C2400017', 3101, 'WITNESS');
