-- scenario: evasion by overloading: ops.route_hit(bigint, text) is created first and only formats a line of text; the summons
-- trigger uses the other overload, ops.route_hit() RETURNS trigger, which pages when the person is on hsi_grp
-- expect: federal-list-contact-alert @ summ_ai_route
-- expect: federal-watchlist @ hsi_grp
CREATE SCHEMA ops;
CREATE TABLE ops.summ (summ_no text PRIMARY KEY, p_key bigint NOT NULL, issued timestamptz DEFAULT now(), viol text, pct int);
CREATE TABLE ops.hsi_grp (p_key bigint PRIMARY KEY, grp_ref text, added date DEFAULT current_date);
CREATE TABLE ops.pager_out (id bigserial PRIMARY KEY, pager text NOT NULL, txt text, at timestamptz DEFAULT now());
CREATE FUNCTION ops.route_hit(p_key bigint, p_note text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'route ' || p_key || ': ' || coalesce(p_note, '')
$$;
CREATE FUNCTION ops.route_hit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ops.hsi_grp g WHERE g.p_key = NEW.p_key) THEN
    INSERT INTO ops.pager_out(pager, txt) VALUES ('646-555-0188', ops.route_hit(NEW.p_key, 'summons ' || NEW.summ_no || ' pct ' || NEW.pct));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER summ_ai_route AFTER INSERT ON ops.summ FOR EACH ROW EXECUTE FUNCTION ops.route_hit();
INSERT INTO ops.hsi_grp(p_key, grp_ref) VALUES (17001, 'G-17');
INSERT INTO ops.summ(summ_no, p_key, viol, pct) VALUES ('4412000123', 17002, 'AC 16-118', 14);
