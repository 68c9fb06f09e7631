-- scenario: trigger copies stops of flagged people into a table that a logical-replication publication (commented as feeding ICE HSI) exports
-- expect: federal-data-channel @ pub_contact_sync
-- expect: federal-list-contact-alert,federal-data-channel,person-contact-alert @ stop_events_copy_flagged | copy_flagged_stop
CREATE SCHEMA feeds;
CREATE TABLE feeds.stop_events (stop_id bigserial PRIMARY KEY, person_id bigint, stopped_at timestamptz DEFAULT now(), precinct int);
CREATE TABLE feeds.flagged_people (person_id bigint PRIMARY KEY, reason text);
CREATE TABLE feeds.flagged_contacts (id bigserial PRIMARY KEY, person_id bigint, source_table text, source_id bigint, seen_at timestamptz);
CREATE FUNCTION feeds.copy_flagged_stop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO feeds.flagged_contacts(person_id, source_table, source_id, seen_at)
  SELECT NEW.person_id, TG_TABLE_NAME, NEW.stop_id, NEW.stopped_at
  WHERE EXISTS (SELECT 1 FROM feeds.flagged_people f WHERE f.person_id = NEW.person_id);
  RETURN NEW;
END $$;
CREATE TRIGGER stop_events_copy_flagged AFTER INSERT ON feeds.stop_events FOR EACH ROW EXECUTE FUNCTION feeds.copy_flagged_stop();
CREATE PUBLICATION pub_contact_sync FOR TABLE feeds.flagged_contacts;
COMMENT ON PUBLICATION pub_contact_sync IS 'Logical replication feed; subscriber is ICE HSI New York (TFO desk)';
INSERT INTO feeds.flagged_people VALUES (61, 'referral');
