-- scenario: benign — audit trigger copies every call-for-service change into a history table; no list, no delivery to a person
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA cad;
CREATE TABLE cad.calls_for_service (cfs_id bigserial PRIMARY KEY, caller_party_id bigint, nature_code text, priority smallint,
  received timestamptz DEFAULT now(), disposition text);
CREATE TABLE cad.calls_for_service_history (hist_id bigserial PRIMARY KEY, cfs_id bigint, op char(1), changed_by text DEFAULT current_user,
  changed_at timestamptz DEFAULT now(), old_row jsonb, new_row jsonb);
CREATE FUNCTION cad.cfs_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cad.calls_for_service_history(cfs_id, op, old_row, new_row)
  VALUES (coalesce(NEW.cfs_id, OLD.cfs_id), left(TG_OP, 1),
          CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
  RETURN coalesce(NEW, OLD);
END $$;
CREATE TRIGGER calls_for_service_hist AFTER INSERT OR UPDATE OR DELETE ON cad.calls_for_service
  FOR EACH ROW EXECUTE FUNCTION cad.cfs_history();
INSERT INTO cad.calls_for_service(caller_party_id, nature_code, priority) VALUES (1001, '10-52', 3);
UPDATE cad.calls_for_service SET disposition = '90-X';
