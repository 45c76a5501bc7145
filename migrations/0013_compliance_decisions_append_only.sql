-- Custom SQL migration file, put your code below! --
-- Compliance decisions are append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE OR REPLACE FUNCTION compliance_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'compliance_decisions is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER compliance_decisions_no_update_delete BEFORE UPDATE OR DELETE ON compliance_decisions FOR EACH ROW EXECUTE FUNCTION compliance_decisions_append_only();
--> statement-breakpoint
CREATE TRIGGER compliance_decisions_no_truncate BEFORE TRUNCATE ON compliance_decisions FOR EACH STATEMENT EXECUTE FUNCTION compliance_decisions_append_only();
