-- scenario: an HSI referral table exists but is only used by aggregate COUNT reporting views — a watchlist finding, no contact alert
-- expect: federal-watchlist @ hsi_referrals_received
-- forbid: federal-list-contact-alert,person-contact-alert,federal-data-channel,immigration-status-alert
CREATE SCHEMA stats;
CREATE TABLE stats.hsi_referrals_received (ref_id serial PRIMARY KEY, subject_id bigint, received_on date, program text, disposition text);
CREATE TABLE stats.arrest_facts (arrest_id bigserial PRIMARY KEY, subject_id bigint, arrest_date date, borough char(1));
CREATE VIEW stats.v_hsi_referrals_monthly AS
  SELECT date_trunc('month', received_on) AS month, count(*) AS referrals FROM stats.hsi_referrals_received GROUP BY 1;
CREATE VIEW stats.v_hsi_referrals_by_disposition AS
  SELECT program, disposition, count(*) AS n FROM stats.hsi_referrals_received GROUP BY program, disposition;
INSERT INTO stats.hsi_referrals_received(subject_id, received_on, program, disposition) VALUES
  (1201, '2024-01-10', 'GANG', 'DECLINED'), (1202, '2024-02-11', 'GANG', 'DECLINED');
