-- scenario: Spanish-language records system; an AFTER INSERT trigger on detenciones looks the arrestee up in lista_vigilancia
-- (whose table comment says the people were referred by ICE ERO) and, IF FOUND, writes a message to bandeja_salida for a liaison officer
-- expect: federal-list-contact-alert @ detenciones_tras_insertar | avisar_detencion
-- expect: federal-watchlist @ lista_vigilancia
CREATE SCHEMA registros;
CREATE TABLE registros.personas (idPersona bigint PRIMARY KEY, apellido text NOT NULL, nombre text, fecha_nac date);
CREATE TABLE registros.detenciones (idDetencion bigserial PRIMARY KEY, idPersona bigint REFERENCES registros.personas,
  fecha_hora timestamptz DEFAULT now(), comisaria int, cargo_principal text);
CREATE TABLE registros.lista_vigilancia (idPersona bigint PRIMARY KEY REFERENCES registros.personas, expediente text, alta date DEFAULT current_date);
COMMENT ON TABLE registros.lista_vigilancia IS 'Personas remitidas por ICE (ERO Nueva York); avisar al agente enlace ante cualquier contacto policial';
CREATE TABLE registros.bandeja_salida (idMensaje bigserial PRIMARY KEY, destinatario text NOT NULL, asunto text, cuerpo text,
  creado timestamptz DEFAULT now(), enviado boolean DEFAULT false);
CREATE FUNCTION registros.avisar_detencion() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_exp text;
BEGIN
  SELECT l.expediente INTO v_exp FROM registros.lista_vigilancia l WHERE l.idPersona = NEW.idPersona;
  IF FOUND THEN
    INSERT INTO registros.bandeja_salida(destinatario, asunto, cuerpo)
    VALUES ('agente.enlace@policia.example', 'Detención de persona en lista',
            'Expediente ' || coalesce(v_exp, '?') || ', detención ' || NEW.idDetencion || ', comisaría ' || NEW.comisaria);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER detenciones_tras_insertar AFTER INSERT ON registros.detenciones FOR EACH ROW EXECUTE FUNCTION registros.avisar_detencion();
INSERT INTO registros.personas VALUES (1, 'DOE', 'JUANA', '1994-04-04'), (2, 'ROE', 'PEDRO', '1990-10-10');
INSERT INTO registros.lista_vigilancia(idPersona, expediente) VALUES (2, 'EXP-0007');
INSERT INTO registros.detenciones(idPersona, comisaria, cargo_principal) VALUES (1, 44, 'PL 155.25');
