-- scenario: neutral names throughout (s1.entries / s1.items / s1.q_out); a rewrite rule on entries copies each new entry of a
-- person found in items into q_out; only the COMMENT on items says the people were supplied by CBP
-- expect: federal-list-contact-alert @ entries_r1
-- expect: federal-watchlist @ items
CREATE SCHEMA s1;
CREATE TABLE s1.entries (entry_id bigserial PRIMARY KEY, p_key bigint NOT NULL, kind text NOT NULL, at timestamptz DEFAULT now(),
  pct int, unit text);
CREATE TABLE s1.items (p_key bigint PRIMARY KEY, ref text, since date);
COMMENT ON TABLE s1.items IS 'Subjects supplied by CBP Office of Field Operations';
CREATE TABLE s1.q_out (id bigserial PRIMARY KEY, to_addr text NOT NULL, msg text, at timestamptz DEFAULT now(), done boolean DEFAULT false);
CREATE RULE entries_r1 AS ON INSERT TO s1.entries DO ALSO
  INSERT INTO s1.q_out(to_addr, msg)
  SELECT 'u.4471', NEW.kind || ' ' || NEW.p_key || ' ' || coalesce(NEW.unit, '') || ' ref ' || i.ref
    FROM s1.items i
   WHERE i.p_key = NEW.p_key;
INSERT INTO s1.items VALUES (880012, 'L-3321', '2024-09-09');
INSERT INTO s1.entries(p_key, kind, pct, unit) VALUES (880001, 'STOP', 75, '75-SCT-B'), (880002, 'SUMM', 73, '73-C');
