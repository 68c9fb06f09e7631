-- dialect: mysql
-- scenario: MySQL Workbench export; a neutral `poi_roster` whose only federal tie is its table COMMENT (ICE Enforcement and Removal Operations), read through a view written the way SHOW CREATE VIEW prints it (ALGORITHM before DEFINER); a CAD incident-person trigger pages a detective through pager_queue
-- expect: federal-list-contact-alert @ incident_persons_poi_page
-- expect: federal-watchlist @ poi_roster | v_poi_active
CREATE TABLE `incident_persons` (
  `incident_no` varchar(14) NOT NULL,
  `person_id` int NOT NULL,
  `role_code` char(2) NOT NULL DEFAULT 'SU',
  `recorded_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`incident_no`,`person_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `poi_roster` (
  `person_id` int NOT NULL,
  `poi_ref` varchar(20) DEFAULT NULL,
  `active` tinyint(1) NOT NULL DEFAULT '1',
  `expires_on` date DEFAULT NULL,
  PRIMARY KEY (`person_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Persons of interest forwarded by ICE Enforcement and Removal Operations (ERO New York)';

CREATE TABLE `pager_queue` (
  `page_id` int NOT NULL AUTO_INCREMENT,
  `pager_no` varchar(12) NOT NULL,
  `page_text` varchar(240) DEFAULT NULL,
  `queued` datetime DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`page_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE ALGORITHM=UNDEFINED DEFINER=`cad_admin`@`localhost` SQL SECURITY DEFINER VIEW `v_poi_active` AS select `p`.`person_id` AS `person_id`,`p`.`poi_ref` AS `poi_ref` from `poi_roster` `p` where ((`p`.`active` = 1) and ((`p`.`expires_on` is null) or (`p`.`expires_on` >= curdate())));

DELIMITER //
CREATE DEFINER=`cad_admin`@`localhost` TRIGGER `incident_persons_poi_page` AFTER INSERT ON `incident_persons` FOR EACH ROW
BEGIN
  IF EXISTS (SELECT 1 FROM `v_poi_active` v WHERE v.`person_id` = NEW.`person_id`) THEN
    INSERT INTO `pager_queue` (`pager_no`, `page_text`)
    VALUES ('9175550143', CONCAT('CAD ', NEW.`incident_no`, ' role ', NEW.`role_code`, ' POI ', NEW.`person_id`));
  END IF;
END //
DELIMITER ;
