-- dialect: mysql
-- scenario: plain MySQL script (SHOW CREATE style, DEFINER, DELIMITER $$); the list `referral_subjects` has a neutral name and comment, and its only federal tie is the data: every row's requested_by is an HSI/ICE unit; a field-interview trigger CALLs a screening procedure that writes to message_outbox
-- expect: federal-list-contact-alert @ fi_reports_ai_screen | sp_screen_fi_subject
-- expect: federal-watchlist @ referral_subjects
CREATE TABLE `fi_reports` (
  `fi_id` bigint NOT NULL AUTO_INCREMENT,
  `subject_id` bigint NOT NULL,
  `fi_datetime` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `pct` smallint DEFAULT NULL,
  `circumstance` varchar(80) DEFAULT NULL,
  PRIMARY KEY (`fi_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `referral_subjects` (
  `subject_id` bigint NOT NULL,
  `referral_no` varchar(30) DEFAULT NULL,
  `requested_by` varchar(60) NOT NULL,
  `entered_on` date DEFAULT NULL,
  PRIMARY KEY (`subject_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Subjects referred for contact notification';

CREATE TABLE `message_outbox` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `to_addr` varchar(120) NOT NULL,
  `subject` varchar(200) DEFAULT NULL,
  `body` text,
  `queued_at` datetime DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO `referral_subjects` (`subject_id`, `referral_no`, `requested_by`, `entered_on`) VALUES
(910001,'R-2024-031','HSI New York - Gang Unit','2024-03-11'),
(910002,'R-2024-032','HSI New York - Gang Unit','2024-03-11'),
(910003,'R-2024-047','ICE ERO New York','2024-05-20'),
(910004,'R-2024-052','HSI New York - Gang Unit','2024-06-03');

DELIMITER $$
CREATE DEFINER=`fio_app`@`%` PROCEDURE `sp_screen_fi_subject`(IN p_subject_id BIGINT, IN p_fi_id BIGINT, IN p_pct SMALLINT)
BEGIN
  DECLARE v_ref VARCHAR(30);
  SELECT `referral_no` INTO v_ref FROM `referral_subjects` WHERE `subject_id` = p_subject_id;
  IF v_ref IS NOT NULL THEN
    INSERT INTO `message_outbox` (`to_addr`, `subject`, `body`)
    VALUES ('sgt.k.bello@nypd.example', CONCAT('FI on referral ', v_ref), CONCAT('FI ', p_fi_id, ' in pct ', p_pct));
  END IF;
END$$

CREATE DEFINER=`fio_app`@`%` TRIGGER `fi_reports_ai_screen` AFTER INSERT ON `fi_reports` FOR EACH ROW
BEGIN
  CALL sp_screen_fi_subject(NEW.subject_id, NEW.fi_id, NEW.pct);
END$$
DELIMITER ;
