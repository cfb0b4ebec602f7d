-- MUS on PostgreSQL: the application's role ("mus") may add and read audit rows, never change or
-- delete them. Run as the database owner after `migrate` (and again after each upgrade, for new
-- tables); the application connects as "mus" and is started with Retention:AuditPurgeFunction set to
-- mus_purge_audit. The tests run this file as it is.
GRANT USAGE ON SCHEMA public TO mus;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO mus;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO mus;
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEntries" FROM mus;

-- Audit rows age out only through this function. It runs with the owner's rights and deletes no row
-- younger than 13 months, whatever the application asks for.
CREATE OR REPLACE FUNCTION mus_purge_audit(keep_months integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    purged integer;
BEGIN
    IF keep_months < 13 THEN
        RAISE EXCEPTION 'audit rows are kept for at least 13 months';
    END IF;
    DELETE FROM "AuditEntries" WHERE "At" < now() - make_interval(months => keep_months);
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END
$$;
REVOKE ALL ON FUNCTION mus_purge_audit(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mus_purge_audit(integer) TO mus;
