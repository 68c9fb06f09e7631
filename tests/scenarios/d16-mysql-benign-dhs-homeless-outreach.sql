-- dialect: mysql
-- scenario: benign — "DHS" is NYC's Department of Homeless Services: an event every 15 minutes finds quality-of-life summonses issued in the last 15 minutes to sheltered clients and queues a note for the client's outreach caseworker at dhs.nyc.gov (a person-contact alert with no federal tie)
-- expect: person-contact-alert @ ev_dhs_outreach_notice
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE TABLE `qol_summonses` (
  `summons_no` varchar(14) NOT NULL,
  `person_id` int NOT NULL,
  `issued_at` datetime NOT NULL,
  `offense` varchar(40) DEFAULT NULL,
  `location` varchar(120) DEFAULT NULL,
  PRIMARY KEY (`summons_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `dhs_shelter_clients` (
  `person_id` int NOT NULL,
  `shelter_code` varchar(10) DEFAULT NULL,
  `caseworker_email` varchar(120) DEFAULT NULL,
  `source_agency` varchar(60) NOT NULL DEFAULT 'NYC DHS',
  PRIMARY KEY (`person_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='NYC Department of Homeless Services (DHS) shelter clients, city data-sharing agreement';

CREATE TABLE `outreach_notifications` (
  `id` int NOT NULL AUTO_INCREMENT,
  `recipient` varchar(120) NOT NULL,
  `note` varchar(400) DEFAULT NULL,
  `ref_key` varchar(14) DEFAULT NULL,
  `created_at` datetime DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_ref` (`ref_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO `dhs_shelter_clients` VALUES (5001,'SH-BX-07','outreach.bx7@dhs.nyc.gov','NYC DHS'),(5002,'SH-MN-02','outreach.mn2@dhs.nyc.gov','NYC DHS');

DELIMITER ;;
CREATE DEFINER=`psa_app`@`%` EVENT `ev_dhs_outreach_notice` ON SCHEDULE EVERY 15 MINUTE STARTS '2024-09-01 00:00:00' ON COMPLETION PRESERVE ENABLE COMMENT 'Homeless outreach: notify caseworker of summons' DO BEGIN
  INSERT IGNORE INTO `outreach_notifications` (`recipient`, `note`, `ref_key`)
  SELECT c.`caseworker_email`,
         CONCAT('Your client received a summons (', s.`offense`, ') at ', s.`location`, '; please follow up on services.'),
         s.`summons_no`
    FROM `qol_summonses` s
    JOIN `dhs_shelter_clients` c ON c.`person_id` = s.`person_id`
   WHERE s.`issued_at` >= NOW() - INTERVAL 15 MINUTE
     AND c.`caseworker_email` IS NOT NULL;
END ;;
DELIMITER ;
