-- dialect: mysql
-- scenario: real mariadb-dump; no list: a BEFORE INSERT booking trigger keyed on ctzn_cd and a_nbr (alien registration number)
-- stamps a route code and queues a note for the intake lieutenant
-- expect: immigration-status-alert @ bkg_bi_ctzn
-- forbid: federal-watchlist,federal-data-channel
/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: jail_intake
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
-- Table structure for table `bkg`
--

DROP TABLE IF EXISTS `bkg`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `bkg` (
  `bkg_no` varchar(12) NOT NULL,
  `p_key` int(11) NOT NULL,
  `bkg_ts` datetime NOT NULL DEFAULT current_timestamp(),
  `fac` char(4) DEFAULT NULL,
  `ctzn_cd` char(3) DEFAULT NULL COMMENT 'citizenship as stated',
  `a_nbr` varchar(11) DEFAULT NULL COMMENT 'alien registration no., if any',
  `rte` char(2) DEFAULT NULL,
  PRIMARY KEY (`bkg_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `bkg`
--

LOCK TABLES `bkg` WRITE;
/*!40000 ALTER TABLE `bkg` DISABLE KEYS */;
INSERT INTO `bkg` VALUES
('B24-44001',44001,'2026-11-30 07:43:31','QNCB','USA',NULL,NULL);
/*!40000 ALTER TABLE `bkg` ENABLE KEYS */;
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
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`127.0.0.1`*/ /*!50003 TRIGGER bkg_bi_ctzn BEFORE INSERT ON bkg FOR EACH ROW
BEGIN
  IF NEW.a_nbr IS NOT NULL OR IFNULL(NEW.ctzn_cd, 'UNK') NOT IN ('USA', 'UNK') THEN
    SET NEW.rte = 'LS';
    INSERT INTO ntf_q (to_user, txt) VALUES ('lt.intake', CONCAT('Booking ', NEW.bkg_no, ' ', NEW.fac, ' ctzn ', IFNULL(NEW.ctzn_cd, '?'), ' A# ', IFNULL(NEW.a_nbr, '-')));
  END IF;
END 
*/;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Table structure for table `ntf_q`
--

DROP TABLE IF EXISTS `ntf_q`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ntf_q` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `to_user` varchar(40) NOT NULL,
  `txt` varchar(400) DEFAULT NULL,
  `at` datetime DEFAULT current_timestamp(),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `ntf_q`
--

LOCK TABLES `ntf_q` WRITE;
/*!40000 ALTER TABLE `ntf_q` DISABLE KEYS */;
/*!40000 ALTER TABLE `ntf_q` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Dumping events for database 'jail_intake'
--

--
-- Dumping routines for database 'jail_intake'
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
