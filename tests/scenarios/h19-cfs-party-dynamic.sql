-- scenario: call-for-service party trigger builds its whole alert as dynamic SQL: EXECUTE format(...) with schema, queue and
-- list names held in variables inserts into q_out only when the party is in ref_set_b (table comment: USCIS FDNS referrals)
-- expect: federal-list-contact-alert @ cfs_pty_x1 | cfs_pty_dyn
-- expect: federal-watchlist @ ref_set_b
CREATE SCHEMA ops;
CREATE TABLE ops.cfs_pty (cfs_no text NOT NULL, pty_seq int NOT NULL, subj bigint, role_cd text, added timestamptz DEFAULT now(),
  PRIMARY KEY (cfs_no, pty_seq));
CREATE TABLE ops.ref_set_b (subj bigint PRIMARY KEY, ref_no text, rcvd date);
COMMENT ON TABLE ops.ref_set_b IS 'Referrals from USCIS Fraud Detection and National Security (FDNS), NYC district';
CREATE TABLE ops.q_out (id bigserial PRIMARY KEY, to_user text NOT NULL, ref text, body text, at timestamptz DEFAULT now());
CREATE FUNCTION ops.cfs_pty_dyn() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_sch text := 'ops';
  v_lst text := 'ref_set_b';
  v_q   text := 'q_out';
  v_to  text := 'det.roe';
BEGIN
  EXECUTE format('INSERT INTO %I.%I(to_user, ref, body) SELECT %L, $1, $2 FROM %I.%I s WHERE s.subj = $3',
                 v_sch, v_q, v_to, v_sch, v_lst)
    USING NEW.cfs_no, 'party ' || NEW.pty_seq || ' role ' || coalesce(NEW.role_cd, '?'), NEW.subj;
  RETURN NEW;
END $$;
CREATE TRIGGER cfs_pty_x1 AFTER INSERT ON ops.cfs_pty FOR EACH ROW EXECUTE FUNCTION ops.cfs_pty_dyn();
INSERT INTO ops.ref_set_b VALUES (44017, 'FDNS-NYC-2024-88', '2024-12-02');
INSERT INTO ops.cfs_pty(cfs_no, pty_seq, subj, role_cd) VALUES ('CFS24-0044101', 1, 44017, 'SUSP'), ('CFS24-0044101', 2, 44018, 'CMPL');
