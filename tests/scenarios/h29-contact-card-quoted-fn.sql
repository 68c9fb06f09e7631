-- scenario: evasion: the trigger function's quoted name contains a double-quote character; the contact-card trigger calls it,
-- and it queues a notice when the card's subject is on an ERO subject table
-- expect: federal-list-contact-alert @ trg_cc_hit
-- expect: federal-watchlist @ ero_subj
CREATE SCHEMA sec;
CREATE TABLE sec.contact_cards (card_id bigserial PRIMARY KEY, subj_id bigint NOT NULL, at timestamptz DEFAULT now(), pct int, narrative text);
CREATE TABLE sec.ero_subj (subj_id bigint PRIMARY KEY, case_no text, added date DEFAULT current_date);
CREATE TABLE sec.msg_q (id bigserial PRIMARY KEY, to_user text NOT NULL, body text, queued timestamptz DEFAULT now());
CREATE FUNCTION sec."chk""cc"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.subj_id IN (SELECT e.subj_id FROM sec.ero_subj e) THEN
    INSERT INTO sec.msg_q(to_user, body) VALUES ('po.k.doe', 'card ' || NEW.card_id || ' pct ' || NEW.pct);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_cc_hit AFTER INSERT ON sec.contact_cards FOR EACH ROW EXECUTE FUNCTION sec."chk""cc"();
INSERT INTO sec.ero_subj(subj_id, case_no) VALUES (91001, 'ERO-NYC-24-117');
INSERT INTO sec.contact_cards(subj_id, pct, narrative) VALUES (91002, 9, 'loitering, moved along');
