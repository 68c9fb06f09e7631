-- scenario: change-data capture for the city analytics warehouse: triggers on bookings, stops and summonses enqueue every row
-- into repl.q_out and wake the loader with pg_notify; a publication carries the same tables; there is no list and no test on the person
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA ops;
CREATE SCHEMA repl;
CREATE TABLE ops.bkg (bkg_no text PRIMARY KEY, p_key bigint, bkg_ts timestamptz DEFAULT now(), fac text);
CREATE TABLE ops.stp (stp_no text PRIMARY KEY, p_key bigint, stp_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE ops.smn (smn_no text PRIMARY KEY, p_key bigint, smn_ts timestamptz DEFAULT now(), viol text);
CREATE TABLE repl.q_out (seq bigserial PRIMARY KEY, src_tbl text NOT NULL, op text NOT NULL, pk text, payload jsonb,
  enq timestamptz DEFAULT now(), shipped timestamptz);
CREATE FUNCTION repl.enq() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  img jsonb;
BEGIN
  img := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  INSERT INTO repl.q_out(src_tbl, op, pk, payload)
  VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP, img ->> TG_ARGV[0], img);
  PERFORM pg_notify('repl_wake', TG_TABLE_NAME);
  RETURN NULL;
END $$;
CREATE TRIGGER bkg_cdc AFTER INSERT OR UPDATE OR DELETE ON ops.bkg FOR EACH ROW EXECUTE FUNCTION repl.enq('bkg_no');
CREATE TRIGGER stp_cdc AFTER INSERT OR UPDATE OR DELETE ON ops.stp FOR EACH ROW EXECUTE FUNCTION repl.enq('stp_no');
CREATE TRIGGER smn_cdc AFTER INSERT OR UPDATE OR DELETE ON ops.smn FOR EACH ROW EXECUTE FUNCTION repl.enq('smn_no');
SET client_min_messages = error;
CREATE PUBLICATION pub_dw FOR TABLE ops.bkg, ops.stp, ops.smn;
RESET client_min_messages;
COMMENT ON PUBLICATION pub_dw IS 'City analytics warehouse (Office of Technology and Innovation) - nightly';
INSERT INTO ops.bkg VALUES ('B24-1001', 61001, now(), 'MCB');
INSERT INTO ops.stp VALUES ('S24-2001', 61002, now(), 34);
