-- scenario: Spanish names: when a person reported missing turns up in a field contact (contactos_campo), the trigger writes an
-- aviso for the missing-persons investigator; local list, local recipient
-- expect: person-contact-alert @ contactos_campo_desap | aviso_desaparecida
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
CREATE SCHEMA policia;
CREATE TABLE policia.personas (idPersona bigint PRIMARY KEY, apellidos text, nombre text, fecha_nac date);
CREATE TABLE policia.personas_desaparecidas (idPersona bigint PRIMARY KEY REFERENCES policia.personas, denuncia text NOT NULL,
  investigador text NOT NULL, fecha_denuncia date, localizada boolean DEFAULT false);
CREATE TABLE policia.contactos_campo (idContacto bigserial PRIMARY KEY, idPersona bigint, fecha timestamptz DEFAULT now(), lugar text, agente int);
CREATE TABLE policia.avisos (idAviso bigserial PRIMARY KEY, para text NOT NULL, texto text, creado timestamptz DEFAULT now());
CREATE FUNCTION policia.aviso_desaparecida() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d policia.personas_desaparecidas%ROWTYPE;
BEGIN
  SELECT * INTO d FROM policia.personas_desaparecidas WHERE idPersona = NEW.idPersona AND NOT localizada;
  IF FOUND THEN
    INSERT INTO policia.avisos(para, texto)
    VALUES (d.investigador, 'Denuncia ' || d.denuncia || ': persona vista en ' || coalesce(NEW.lugar, '?') || ' (contacto ' || NEW.idContacto || ')');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER contactos_campo_desap AFTER INSERT ON policia.contactos_campo FOR EACH ROW EXECUTE FUNCTION policia.aviso_desaparecida();
INSERT INTO policia.personas VALUES (1, 'DOE', 'LUCIA', '2008-02-02'), (2, 'ROE', 'MARTA', '1950-03-03');
INSERT INTO policia.personas_desaparecidas(idPersona, denuncia, investigador, fecha_denuncia) VALUES (1, 'DES-2024-0311', 'det.mpu.roe', '2024-11-20');
INSERT INTO policia.contactos_campo(idPersona, lugar, agente) VALUES (2, 'PARQUE CENTRAL', 961100);
