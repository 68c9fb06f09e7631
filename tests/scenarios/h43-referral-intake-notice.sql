-- scenario: when a new ERO referral is keyed into the referral table, a trigger notifies the intake sergeant to review it; the
-- trigger is on the list itself, not on any police contact (an arrests table exists but nothing watches it)
-- expect: federal-watchlist @ ero_referrals
-- forbid: federal-list-contact-alert,person-contact-alert,immigration-status-alert,federal-data-channel
CREATE SCHEMA intake;
CREATE TABLE intake.arrests (arr_no text PRIMARY KEY, nysid varchar(10), arr_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE intake.ero_referrals (ref_id bigserial PRIMARY KEY, nysid varchar(10), ero_case text, received timestamptz DEFAULT now(),
  reviewed_by text, decision text);
CREATE FUNCTION intake.new_referral_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('referral_review', 'referral ' || NEW.ref_id || ' awaiting legal review');
  RETURN NEW;
END $$;
CREATE TRIGGER ero_referrals_review AFTER INSERT ON intake.ero_referrals FOR EACH ROW EXECUTE FUNCTION intake.new_referral_review();
INSERT INTO intake.ero_referrals(nysid, ero_case) VALUES ('10000101A', 'ERO-NYC-24-0901');
INSERT INTO intake.arrests(arr_no, nysid, pct) VALUES ('Q24-10101', '10000102B', 105);
