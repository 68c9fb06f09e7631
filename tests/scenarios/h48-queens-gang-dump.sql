-- dialect: mysql
-- scenario: real mariadb-dump; "CBP" is the Community Board Plan (cbp_meetings, arr.cbp_dist); the arrest trigger checks a locally
-- verified gang roster and messages the gang squad
-- expect: person-contact-alert @ arr_ai_gang
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: qns_gang
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
-- Table structure for table `arr`
--

DROP TABLE IF EXISTS `arr`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `arr` (
  `arr_no` varchar(12) NOT NULL,
  `nysid` varchar(10) DEFAULT NULL,
  `arr_ts` datetime NOT NULL DEFAULT current_timestamp(),
  `pct` smallint(6) DEFAULT NULL,
  `cbp_dist` smallint(6) DEFAULT NULL COMMENT 'community board planning district of the arrest location',
  PRIMARY KEY (`arr_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `arr`
--

LOCK TABLES `arr` WRITE;
/*!40000 ALTER TABLE `arr` DISABLE KEYS */;
INSERT INTO `arr` VALUES
('Q24-48001','10000122B','2026-11-30 07:43:31',109,407);
/*!40000 ALTER TABLE `arr` ENABLE KEYS */;
UNLOCK TABLES;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb3 */ ;
/*!50003 SET character_set_results = utf8mb3 */ ;
/*!50003 SET collation_connection  = utf8mb3_general_ci */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`127.0.0.1`*/ /*!50003 TRIGGER arr_ai_gang AFTER INSERT ON arr FOR EACH ROW
BEGIN
  IF EXISTS (SELECT 1 FROM gang_rstr g WHERE g.nysid = NEW.nysid) THEN
    INSERT INTO squad_inbox (squad, msg) VALUES ('GANG SQUAD QNS', CONCAT('arrest ', NEW.arr_no, ' pct ', NEW.pct, ' CB ', IFNULL(NEW.cbp_dist, 0)));
  END IF;
END 
*/;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Table structure for table `cbp_meetings`
--

DROP TABLE IF EXISTS `cbp_meetings`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `cbp_meetings` (
  `mtg_id` int(11) NOT NULL AUTO_INCREMENT,
  `cbp_dist` smallint(6) NOT NULL,
  `mtg_dt` date DEFAULT NULL,
  `topic` varchar(200) DEFAULT NULL,
  PRIMARY KEY (`mtg_id`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='CBP = Community Board Plan: monthly community board meetings attended by the precinct';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `cbp_meetings`
--

LOCK TABLES `cbp_meetings` WRITE;
/*!40000 ALTER TABLE `cbp_meetings` DISABLE KEYS */;
INSERT INTO `cbp_meetings` VALUES
(1,407,'2024-11-13','Quality of life - Main St corridor');
/*!40000 ALTER TABLE `cbp_meetings` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `gang_rstr`
--

DROP TABLE IF EXISTS `gang_rstr`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `gang_rstr` (
  `nysid` varchar(10) NOT NULL,
  `gang` varchar(30) DEFAULT NULL,
  `verified_by` varchar(30) DEFAULT NULL,
  `review_due` date DEFAULT NULL,
  PRIMARY KEY (`nysid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Gang database - locally verified, reviewed every 3 years';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `gang_rstr`
--

LOCK TABLES `gang_rstr` WRITE;
/*!40000 ALTER TABLE `gang_rstr` DISABLE KEYS */;
INSERT INTO `gang_rstr` VALUES
('10000121A','CREW-Q','sgt.gang.q','2026-03-01');
/*!40000 ALTER TABLE `gang_rstr` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `squad_inbox`
--

DROP TABLE IF EXISTS `squad_inbox`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `squad_inbox` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `squad` varchar(30) NOT NULL,
  `msg` varchar(400) DEFAULT NULL,
  `at` datetime DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `squad_inbox`
--

LOCK TABLES `squad_inbox` WRITE;
/*!40000 ALTER TABLE `squad_inbox` DISABLE KEYS */;
/*!40000 ALTER TABLE `squad_inbox` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Dumping events for database 'qns_gang'
--

--
-- Dumping routines for database 'qns_gang'
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
