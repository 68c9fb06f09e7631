-- dialect: mysql
-- scenario: real mariadb-dump with events: every 10 minutes an event joins contact cards created in the last 10 minutes to a local
-- crew list and queues mail to an hsi.dhs.gov address; a second event only purges sent mail
-- expect: federal-list-contact-alert @ ev_fcc_grp_c
/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: fcc_rms
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `fcc`
--

DROP TABLE IF EXISTS `fcc`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `fcc` (
  `card_no` varchar(12) NOT NULL,
  `subj_key` int(11) NOT NULL,
  `created` datetime NOT NULL DEFAULT current_timestamp(),
  `pct` smallint(6) DEFAULT NULL,
  `loc_txt` varchar(120) DEFAULT NULL,
  `ofcr_tax` int(11) DEFAULT NULL,
  PRIMARY KEY (`card_no`),
  KEY `ix_fcc_created` (`created`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `fcc`
--

LOCK TABLES `fcc` WRITE;
/*!40000 ALTER TABLE `fcc` DISABLE KEYS */;
INSERT INTO `fcc` VALUES
('FC24-31001',31001,'2026-11-30 07:43:31',32,'W 135 ST / LENOX AVE',962201);
/*!40000 ALTER TABLE `fcc` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `grp_c`
--

DROP TABLE IF EXISTS `grp_c`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `grp_c` (
  `subj_key` int(11) NOT NULL,
  `grp` varchar(12) DEFAULT NULL,
  `added` date DEFAULT NULL,
  PRIMARY KEY (`subj_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='precinct crew list C';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `grp_c`
--

LOCK TABLES `grp_c` WRITE;
/*!40000 ALTER TABLE `grp_c` DISABLE KEYS */;
INSERT INTO `grp_c` VALUES
(31007,'C-7','2024-08-08'),
(31008,'C-7','2024-08-08');
/*!40000 ALTER TABLE `grp_c` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `mail_q`
--

DROP TABLE IF EXISTS `mail_q`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `mail_q` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `mail_to` varchar(160) NOT NULL,
  `subj` varchar(200) DEFAULT NULL,
  `body` text DEFAULT NULL,
  `ref_key` varchar(24) DEFAULT NULL,
  `queued` datetime DEFAULT current_timestamp(),
  `sent` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_mail_ref` (`mail_to`,`ref_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `mail_q`
--

LOCK TABLES `mail_q` WRITE;
/*!40000 ALTER TABLE `mail_q` DISABLE KEYS */;
/*!40000 ALTER TABLE `mail_q` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Dumping events for database 'fcc_rms'
--
/*!50106 SET @save_time_zone= @@TIME_ZONE */ ;
/*!50106 DROP EVENT IF EXISTS `ev_fcc_grp_c` */;
DELIMITER ;;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;;
/*!50003 SET character_set_client  = utf8mb3 */ ;;
/*!50003 SET character_set_results = utf8mb3 */ ;;
/*!50003 SET collation_connection  = utf8mb3_general_ci */ ;;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;;
/*!50003 SET @saved_time_zone      = @@time_zone */ ;;
/*!50003 SET time_zone             = 'SYSTEM' */ ;;
/*!50106 CREATE*/ /*!50117 DEFINER=`root`@`127.0.0.1`*/ /*!50106 EVENT `ev_fcc_grp_c` ON SCHEDULE EVERY 10 MINUTE STARTS '2024-10-01 00:00:00' ON COMPLETION PRESERVE ENABLE DO BEGIN
  INSERT IGNORE INTO mail_q (mail_to, subj, body, ref_key)
  SELECT 'tfo.lead@hsi.dhs.gov', CONCAT('Contact card ', f.card_no),
         CONCAT('Subject ', f.subj_key, ' (', g.grp, ') pct ', f.pct, ' at ', IFNULL(f.loc_txt, '?'), ' ', f.created),
         f.card_no
    FROM fcc f
    JOIN grp_c g ON g.subj_key = f.subj_key
   WHERE f.created >= NOW() - INTERVAL 10 MINUTE;
END 
*/ ;;
/*!50003 SET time_zone             = @saved_time_zone */ ;;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;;
/*!50003 SET character_set_client  = @saved_cs_client */ ;;
/*!50003 SET character_set_results = @saved_cs_results */ ;;
/*!50003 SET collation_connection  = @saved_col_connection */ ;;
/*!50106 DROP EVENT IF EXISTS `ev_mail_q_purge` */;;
DELIMITER ;;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;;
/*!50003 SET character_set_client  = utf8mb3 */ ;;
/*!50003 SET character_set_results = utf8mb3 */ ;;
/*!50003 SET collation_connection  = utf8mb3_general_ci */ ;;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;;
/*!50003 SET @saved_time_zone      = @@time_zone */ ;;
/*!50003 SET time_zone             = 'SYSTEM' */ ;;
/*!50106 CREATE*/ /*!50117 DEFINER=`root`@`127.0.0.1`*/ /*!50106 EVENT `ev_mail_q_purge` ON SCHEDULE EVERY 1 DAY STARTS '2024-10-01 03:00:00' ON COMPLETION PRESERVE ENABLE DO DELETE FROM mail_q WHERE sent IS NOT NULL AND sent < NOW() - INTERVAL 30 DAY 
*/ ;;
/*!50003 SET time_zone             = @saved_time_zone */ ;;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;;
/*!50003 SET character_set_client  = @saved_cs_client */ ;;
/*!50003 SET character_set_results = @saved_cs_results */ ;;
/*!50003 SET collation_connection  = @saved_col_connection */ ;;
DELIMITER ;
/*!50106 SET TIME_ZONE= @save_time_zone */ ;

--
-- Dumping routines for database 'fcc_rms'
--
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2026-11-30  7:43:31
