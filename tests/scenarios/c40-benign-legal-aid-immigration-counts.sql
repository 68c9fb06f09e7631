-- scenario: benign — "immigration" only as a legal-aid referral type counted in an aggregate reporting view; no alert, no list
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE SCHEMA services;
CREATE TABLE services.legal_aid_referrals (referral_id serial PRIMARY KEY, referral_type text NOT NULL, referred_on date, precinct int);
COMMENT ON TABLE services.legal_aid_referrals IS 'Victim services: referrals to legal aid providers (immigration, housing, family) - no personal data';
CREATE VIEW services.v_referrals_by_type AS
  SELECT referral_type, date_trunc('month', referred_on) AS month, count(*) AS referrals
  FROM services.legal_aid_referrals GROUP BY 1, 2;
CREATE VIEW services.v_immigration_legal_referrals_ytd AS
  SELECT precinct, count(*) AS immigration_legal_referrals FROM services.legal_aid_referrals
  WHERE referral_type = 'IMMIGRATION LEGAL SERVICES' AND referred_on >= date_trunc('year', current_date) GROUP BY precinct;
INSERT INTO services.legal_aid_referrals(referral_type, referred_on, precinct) VALUES
  ('IMMIGRATION LEGAL SERVICES', '2024-02-01', 44), ('HOUSING', '2024-02-03', 44), ('FAMILY', '2024-03-09', 52);
