-- scenario: evasion by case: ops.desk_hook() (lower case) only writes a history row; ops."DESK_HOOK"() (quoted upper case) posts
-- to the TFO desk when the stopped person is in a CBP lookout table; each is used by its own trigger on the stops table
-- expect: federal-list-contact-alert @ stops_ai_hook
-- expect: federal-watchlist @ cbp_lkout
CREATE SCHEMA ops;
CREATE TABLE ops.stops (stop_no text PRIMARY KEY, p_key bigint NOT NULL, stop_ts timestamptz DEFAULT now(), pct int, loc text);
CREATE TABLE ops.stops_hist (stop_no text, p_key bigint, stop_ts timestamptz, pct int, loc text, logged timestamptz DEFAULT now());
CREATE TABLE ops.cbp_lkout (p_key bigint PRIMARY KEY, lkout_no text, rcvd date DEFAULT current_date);
CREATE TABLE ops.desk_posts (id bigserial PRIMARY KEY, desk text NOT NULL, txt text, at timestamptz DEFAULT now());
CREATE FUNCTION ops.desk_hook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ops.stops_hist(stop_no, p_key, stop_ts, pct, loc) VALUES (NEW.stop_no, NEW.p_key, NEW.stop_ts, NEW.pct, NEW.loc);
  RETURN NEW;
END $$;
CREATE FUNCTION ops."DESK_HOOK"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ops.cbp_lkout l WHERE l.p_key = NEW.p_key) THEN
    INSERT INTO ops.desk_posts(desk, txt) VALUES ('TFO', 'stop ' || NEW.stop_no || ' at ' || coalesce(NEW.loc, '?'));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER stops_ai_hist AFTER INSERT ON ops.stops FOR EACH ROW EXECUTE FUNCTION ops.desk_hook();
CREATE TRIGGER stops_ai_hook AFTER INSERT ON ops.stops FOR EACH ROW EXECUTE FUNCTION ops."DESK_HOOK"();
INSERT INTO ops.cbp_lkout(p_key, lkout_no) VALUES (26001, 'LK-26001');
INSERT INTO ops.stops(stop_no, p_key, pct, loc) VALUES ('S24-26002', 26002, 103, 'JAMAICA AVE / 168 ST');
