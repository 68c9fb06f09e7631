-- scenario: complaint-party trigger tests the party's NYSID against a hard-coded array literal inside a CASE statement (a code
-- comment says the set came from ERO NYC fugitive operations) and notifies a listening desk with pg_notify
-- expect: federal-list-contact-alert @ cmplt_pty_ai | pty_chk
CREATE SCHEMA omni2;
CREATE TABLE omni2.cmplt_pty (cmplt_no text NOT NULL, pty_seq int NOT NULL, pty_nysid varchar(10), pty_role text, entered timestamptz DEFAULT now(),
  PRIMARY KEY (cmplt_no, pty_seq));
CREATE FUNCTION omni2.pty_chk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- set supplied by ERO NYC fugitive operations (SDDO request 11/2024); keep until told otherwise
  CASE
    WHEN NEW.pty_nysid = ANY (ARRAY['10000031A', '10000032B', '10000033C', '10000034D', '10000035E']) THEN
      PERFORM pg_notify('desk_7', NEW.cmplt_no || ':' || NEW.pty_seq || ':' || NEW.pty_role);
    ELSE
      NULL;
  END CASE;
  RETURN NEW;
END $$;
CREATE TRIGGER cmplt_pty_ai AFTER INSERT ON omni2.cmplt_pty FOR EACH ROW EXECUTE FUNCTION omni2.pty_chk();
INSERT INTO omni2.cmplt_pty(cmplt_no, pty_seq, pty_nysid, pty_role) VALUES ('2024-083-01122', 1, '10000040F', 'VICTIM');
