-- dialect: mysql
-- scenario: real mariadb-dump (--routines --events --triggers) of a Spanish-language ID-check database: an AFTER INSERT trigger on
-- identificaciones reads listaEspecial (column origen DEFAULT 'ICE-ERO NY') into a variable and, when found, writes to bandejaSalida
-- expect: federal-list-contact-alert @ identificaciones_tras_ins
-- expect: federal-watchlist @ listaEspecial
/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: identpol
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
-- Table structure for table `bandejaSalida`
--

DROP TABLE IF EXISTS `bandejaSalida`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `bandejaSalida` (
  `idMsg` bigint(20) NOT NULL AUTO_INCREMENT,
  `destinatario` varchar(120) NOT NULL,
  `asunto` varchar(200) DEFAULT NULL,
  `cuerpo` text DEFAULT NULL,
  `creado` datetime DEFAULT current_timestamp(),
  `enviado` tinyint(1) DEFAULT 0,
  PRIMARY KEY (`idMsg`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `bandejaSalida`
--

LOCK TABLES `bandejaSalida` WRITE;
/*!40000 ALTER TABLE `bandejaSalida` DISABLE KEYS */;
/*!40000 ALTER TABLE `bandejaSalida` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `identificaciones`
--

DROP TABLE IF EXISTS `identificaciones`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `identificaciones` (
  `idIdent` bigint(20) NOT NULL AUTO_INCREMENT,
  `idPersona` int(11) NOT NULL,
  `fechaHora` datetime NOT NULL DEFAULT current_timestamp(),
  `lugar` varchar(120) DEFAULT NULL,
  `agente` int(11) DEFAULT NULL,
  PRIMARY KEY (`idIdent`),
  KEY `ix_ident_persona` (`idPersona`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='identificaciones en via publica';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `identificaciones`
--

LOCK TABLES `identificaciones` WRITE;
/*!40000 ALTER TABLE `identificaciones` DISABLE KEYS */;
INSERT INTO `identificaciones` VALUES
(1,1,'2026-11-30 07:43:31','PLAZA MAYOR',4411);
/*!40000 ALTER TABLE `identificaciones` ENABLE KEYS */;
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
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`127.0.0.1`*/ /*!50003 TRIGGER identificaciones_tras_ins AFTER INSERT ON identificaciones FOR EACH ROW
BEGIN
  DECLARE v_exp VARCHAR(30) DEFAULT NULL;
  SELECT l.expediente INTO v_exp FROM listaEspecial l WHERE l.idPersona = NEW.idPersona LIMIT 1;
  IF v_exp IS NOT NULL THEN
    INSERT INTO bandejaSalida (destinatario, asunto, cuerpo)
    VALUES ('enlace.tf@policia.example', CONCAT('Identificacion - exp. ', v_exp),
            CONCAT('Ident ', NEW.idIdent, ' en ', IFNULL(NEW.lugar, '?'), ' agente ', IFNULL(NEW.agente, 0)));
  END IF;
END 
*/;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Table structure for table `listaEspecial`
--

DROP TABLE IF EXISTS `listaEspecial`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `listaEspecial` (
  `idPersona` int(11) NOT NULL,
  `expediente` varchar(30) DEFAULT NULL,
  `origen` varchar(40) NOT NULL DEFAULT 'ICE-ERO NY',
  `alta` date DEFAULT NULL,
  PRIMARY KEY (`idPersona`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `listaEspecial`
--

LOCK TABLES `listaEspecial` WRITE;
/*!40000 ALTER TABLE `listaEspecial` DISABLE KEYS */;
INSERT INTO `listaEspecial` VALUES
(2,'EXP-2024-117','ICE-ERO NY','2024-09-01');
/*!40000 ALTER TABLE `listaEspecial` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `personas`
--

DROP TABLE IF EXISTS `personas`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `personas` (
  `idPersona` int(11) NOT NULL,
  `apellidos` varchar(60) NOT NULL,
  `nombre` varchar(60) DEFAULT NULL,
  `fechaNac` date DEFAULT NULL,
  PRIMARY KEY (`idPersona`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `personas`
--

LOCK TABLES `personas` WRITE;
/*!40000 ALTER TABLE `personas` DISABLE KEYS */;
INSERT INTO `personas` VALUES
(1,'DOE','ANA','1990-01-01'),
(2,'ROE','LUIS','1985-05-05');
/*!40000 ALTER TABLE `personas` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Dumping events for database 'identpol'
--

--
-- Dumping routines for database 'identpol'
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
