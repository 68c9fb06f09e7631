-- dialect: mysql
-- scenario: benign — bookings get an audit trigger (JSON copy of every insert/update into bookings_audit), a second trigger queues every booking for the Livescan fingerprint worker, and a nightly event purges old audit rows; no list, nobody is told about a person
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
CREATE TABLE `bookings` (
  `booking_id` int NOT NULL AUTO_INCREMENT,
  `arrestee_id` int NOT NULL,
  `booked_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `facility` varchar(12) DEFAULT NULL,
  `status` varchar(12) DEFAULT 'BOOKED',
  PRIMARY KEY (`booking_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `bookings_audit` (
  `audit_id` bigint NOT NULL AUTO_INCREMENT,
  `booking_id` int NOT NULL,
  `op` char(1) NOT NULL,
  `changed_by` varchar(80) DEFAULT NULL,
  `changed_at` datetime DEFAULT CURRENT_TIMESTAMP,
  `row_json` json DEFAULT NULL,
  PRIMARY KEY (`audit_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `livescan_queue` (
  `job_id` bigint NOT NULL AUTO_INCREMENT,
  `booking_id` int NOT NULL,
  `queued_at` datetime DEFAULT CURRENT_TIMESTAMP,
  `picked_up_at` datetime DEFAULT NULL,
  PRIMARY KEY (`job_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Work queue for the Livescan fingerprint submission worker';

DELIMITER ;;
CREATE TRIGGER `bookings_ai_audit` AFTER INSERT ON `bookings` FOR EACH ROW
INSERT INTO `bookings_audit` (`booking_id`, `op`, `changed_by`, `row_json`)
VALUES (NEW.`booking_id`, 'I', CURRENT_USER(),
        JSON_OBJECT('arrestee_id', NEW.`arrestee_id`, 'booked_at', NEW.`booked_at`, 'facility', NEW.`facility`, 'status', NEW.`status`)) ;;
CREATE TRIGGER `bookings_au_audit` AFTER UPDATE ON `bookings` FOR EACH ROW
INSERT INTO `bookings_audit` (`booking_id`, `op`, `changed_by`, `row_json`)
VALUES (NEW.`booking_id`, 'U', CURRENT_USER(),
        JSON_OBJECT('old_status', OLD.`status`, 'new_status', NEW.`status`)) ;;
CREATE TRIGGER `bookings_ai_livescan` AFTER INSERT ON `bookings` FOR EACH ROW FOLLOWS `bookings_ai_audit`
INSERT INTO `livescan_queue` (`booking_id`) VALUES (NEW.`booking_id`) ;;
CREATE EVENT `ev_purge_bookings_audit` ON SCHEDULE EVERY 1 DAY STARTS '2024-01-01 02:30:00' DO
  DELETE FROM `bookings_audit` WHERE `changed_at` < NOW() - INTERVAL 3 YEAR ;;
DELIMITER ;
