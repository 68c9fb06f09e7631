-- scenario: lookalike — an arrest trigger that only counts an HSI list (it never tests the arrested person) and writes a daily statistic
-- forbid: federal-list-contact-alert,person-contact-alert,federal-data-channel,immigration-status-alert
CREATE SCHEMA st;
CREATE TABLE st.arrests (arrest_id bigserial PRIMARY KEY, person_id bigint, arrest_ts timestamptz DEFAULT now());
CREATE TABLE st.hsi_referrals (person_id bigint PRIMARY KEY, referred date);
CREATE TABLE st.daily_figures (day date, arrests int, referral_list_size int);
CREATE FUNCTION st.tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
  SELECT count(*) INTO n FROM st.hsi_referrals;
  IF n > 0 THEN
    INSERT INTO st.daily_figures VALUES (current_date, 1, n);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER arrests_tally AFTER INSERT ON st.arrests FOR EACH ROW EXECUTE FUNCTION st.tally();
