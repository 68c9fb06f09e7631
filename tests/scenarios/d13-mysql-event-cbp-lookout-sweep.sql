-- dialect: mysql
-- scenario: mysqldump --events --routines; an event every 5 minutes CALLs a procedure that copies arrests from the last N minutes of people on a CBP lookout table into user_messages for a detective (event wrapped in /*!50106 … */ as mysqldump writes it)
-- expect: federal-list-contact-alert @ ev_arrest_lookout_sweep | sp_arrest_lookout_sweep
-- expect: federal-watchlist @ cbp_tecs_lookouts
-- MySQL dump 10.13  Distrib 8.0.39, for Linux (x86_64)
--
-- Host: localhost    Database: arrestdb
-- ------------------------------------------------------
-- Server version	8.0.39
/*!40101 SET NAMES utf8mb4 */;

DROP TABLE IF EXISTS `arrests`;
CREATE TABLE `arrests` (
  `arrest_no` varchar(12) NOT NULL,
  `nysid` varchar(10) DEFAULT NULL,
  `arrest_ts` datetime NOT NULL,
  `pct` smallint DEFAULT NULL,
  `top_charge` varchar(60) DEFAULT NULL,
  PRIMARY KEY (`arrest_no`),
  KEY `ix_arrests_ts` (`arrest_ts`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

DROP TABLE IF EXISTS `cbp_tecs_lookouts`;
CREATE TABLE `cbp_tecs_lookouts` (
  `nysid` varchar(10) NOT NULL,
  `record_ref` varchar(32) DEFAULT NULL,
  `received` date DEFAULT NULL,
  PRIMARY KEY (`nysid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

DROP TABLE IF EXISTS `user_messages`;
CREATE TABLE `user_messages` (
  `msg_id` bigint NOT NULL AUTO_INCREMENT,
  `username` varchar(40) NOT NULL,
  `subject` varchar(200) DEFAULT NULL,
  `body` text,
  `ref_key` varchar(24) DEFAULT NULL,
  `created` datetime DEFAULT CURRENT_TIMESTAMP,
  `is_read` tinyint(1) DEFAULT '0',
  PRIMARY KEY (`msg_id`),
  UNIQUE KEY `uq_ref` (`username`,`ref_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

--
-- Dumping events for database 'arrestdb'
--
/*!50106 SET @save_time_zone= @@TIME_ZONE */ ;
/*!50106 DROP EVENT IF EXISTS `ev_arrest_lookout_sweep` */;
DELIMITER ;;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;;
/*!50003 SET character_set_client  = utf8mb4 */ ;;
/*!50003 SET character_set_results = utf8mb4 */ ;;
/*!50003 SET collation_connection  = utf8mb4_0900_ai_ci */ ;;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION' */ ;;
/*!50003 SET @saved_time_zone      = @@time_zone */ ;;
/*!50003 SET time_zone             = 'SYSTEM' */ ;;
/*!50106 CREATE*/ /*!50117 DEFINER=`tf_user`@`%`*/ /*!50106 EVENT `ev_arrest_lookout_sweep` ON SCHEDULE EVERY 5 MINUTE STARTS '2024-07-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE COMMENT 'TF sweep' DO CALL sp_arrest_lookout_sweep(5) */ ;;
/*!50003 SET time_zone             = @saved_time_zone */ ;;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;;
/*!50003 SET character_set_client  = @saved_cs_client */ ;;
/*!50003 SET character_set_results = @saved_cs_results */ ;;
/*!50003 SET collation_connection  = @saved_col_connection */ ;;
DELIMITER ;
/*!50106 SET TIME_ZONE= @save_time_zone */ ;

--
-- Dumping routines for database 'arrestdb'
--
/*!50003 DROP PROCEDURE IF EXISTS `sp_arrest_lookout_sweep` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb4 */ ;
/*!50003 SET character_set_results = utf8mb4 */ ;
/*!50003 SET collation_connection  = utf8mb4_0900_ai_ci */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
CREATE DEFINER=`tf_user`@`%` PROCEDURE `sp_arrest_lookout_sweep`(IN p_minutes INT)
    MODIFIES SQL DATA
BEGIN
  INSERT IGNORE INTO `user_messages` (`username`, `subject`, `body`, `ref_key`)
  SELECT 'det.szabo',
         CONCAT('Arrest of lookout subject ', l.`record_ref`),
         CONCAT('Arrest ', a.`arrest_no`, ' pct ', a.`pct`, ' at ', a.`arrest_ts`, ': ', a.`top_charge`),
         a.`arrest_no`
    FROM `arrests` a
    JOIN `cbp_tecs_lookouts` l ON l.`nysid` = a.`nysid`
   WHERE a.`arrest_ts` >= NOW() - INTERVAL p_minutes MINUTE;
END ;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

-- Dump completed on 2025-01-14 22:05:41
