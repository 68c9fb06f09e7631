"""The set-based catalog queries: one per kind of artifact, never one per object.

They run on PostgreSQL 12-18; the few version-dependent parts are chosen by
`server_version_num` before the query is sent.
"""

from __future__ import annotations

# Schemas that belong to the server itself; extension members are skipped by pg_depend.
SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema', 'pg_toast')"

_NOT_SYSTEM = f"n.nspname NOT IN {SYSTEM_SCHEMAS} AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'"


def _not_extension_member(classid: str, alias: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{classid}'::regclass "
        f"AND d.objid = {alias}.oid AND d.deptype = 'e')"
    )


META = """
SELECT version() AS version,
       current_setting('server_version_num')::int AS version_num,
       current_user AS role,
       current_database() AS database,
       r.rolsuper AS superuser,
       r.rolbypassrls AS bypassrls,
       COALESCE((SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles
                 WHERE rolname = 'pg_read_all_data'), false) AS read_all_data,
       to_regclass('cron.job') IS NOT NULL AS has_cron,
       COALESCE((SELECT c.relrowsecurity FROM pg_class c WHERE c.oid = to_regclass('cron.job')), false)
         AS cron_rls,
       COALESCE((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
                 WHERE c.oid = to_regclass('cron.job')), false) AS cron_owner,
       COALESCE((SELECT has_table_privilege(to_regclass('cron.job'), 'SELECT')
                 WHERE to_regclass('cron.job') IS NOT NULL), false) AS cron_select
FROM pg_roles r WHERE r.rolname = current_user
"""

RELATIONS = f"""
SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
       pg_get_userbyid(c.relowner) AS owner,
       obj_description(c.oid, 'pg_class') AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition,
       c.relrowsecurity AS rls,
       (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indrelid = c.oid AND i.indisprimary) AS pkey,
       c.reltuples::bigint AS estimated_rows,
       fs.srvname AS server, ft.ftoptions AS ftoptions,
       COALESCE((SELECT json_agg(json_build_object(
                    'columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey)
                                  WITH ORDINALITY k(n, ord)
                                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n),
                    'ref_schema', rn.nspname, 'ref_table', rc.relname,
                    'ref_columns', (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey)
                                  WITH ORDINALITY k(n, ord)
                                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n))
                    ORDER BY con.conname)
                 FROM pg_constraint con
                 JOIN pg_class rc ON rc.oid = con.confrelid
                 JOIN pg_namespace rn ON rn.oid = rc.relnamespace
                 WHERE con.conrelid = c.oid AND con.contype = 'f'), '[]'::json) AS fkeys,
       COALESCE((SELECT json_agg(json_build_object(
                    'name', a.attname,
                    'type', format_type(a.atttypid, a.atttypmod),
                    'comment', col_description(c.oid, a.attnum),
                    'default', pg_get_expr(ad.adbin, ad.adrelid)) ORDER BY a.attnum)
                 FROM pg_attribute a
                 LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]'::json) AS columns
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND {_NOT_SYSTEM}
  AND {_not_extension_member("pg_class", "c")}
ORDER BY n.nspname, c.relname
"""


def functions(version_num: int) -> str:
    sqlbody = "pg_get_function_sqlbody(p.oid)" if version_num >= 140000 else "NULL::text"
    return f"""
SELECT p.oid::bigint AS oid, n.nspname AS schema, p.proname AS name,
       pg_get_function_identity_arguments(p.oid) AS args,
       pg_get_function_arguments(p.oid) AS full_args,
       pg_get_function_result(p.oid) AS result,
       p.prokind::text AS prokind, l.lanname AS language, p.prosrc AS source,
       {sqlbody} AS sqlbody,
       p.prosecdef AS security_definer,
       p.pronargdefaults::int AS nargdefaults, p.proargnames AS argnames,
       p.proargmodes::text[] AS argmodes,
       (SELECT array_agg(format_type(u.t, NULL) ORDER BY u.o)
          FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(t, o))
         AS argtypes,
       p.proconfig AS config,
       pg_get_userbyid(p.proowner) AS owner,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE {_NOT_SYSTEM}
  AND l.lanname <> 'internal' AND l.lanname <> 'c'
  AND {_not_extension_member("pg_proc", "p")}
ORDER BY n.nspname, p.proname, p.oid
"""


TRIGGERS = f"""
SELECT t.oid::bigint AS oid, n.nspname AS schema, c.relname AS table_name, t.tgname AS name,
       t.tgenabled::text AS enabled, t.tgtype::int AS tgtype,
       fn.nspname AS function_schema, p.proname AS function_name, t.tgfoid::bigint AS function_oid,
       t.tgnewtable::text AS new_table, t.tgoldtable::text AS old_table,
       t.tgnargs AS nargs, t.tgargs AS args,
       pg_get_triggerdef(t.oid) AS definition,
       pg_get_userbyid(c.relowner) AS owner,
       obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = p.pronamespace
WHERE NOT t.tgisinternal AND {_NOT_SYSTEM}
ORDER BY n.nspname, c.relname, t.tgname
"""

RULES = f"""
SELECT r.oid::bigint AS oid, n.nspname AS schema, c.relname AS table_name, r.rulename AS name,
       r.ev_type::text AS event, r.is_instead AS instead, r.ev_enabled::text AS enabled,
       pg_get_ruledef(r.oid) AS definition,
       pg_get_userbyid(c.relowner) AS owner,
       obj_description(r.oid, 'pg_rewrite') AS comment
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN' AND {_NOT_SYSTEM}
ORDER BY n.nspname, c.relname, r.rulename
"""

EVENT_TRIGGERS = """
SELECT e.oid::bigint AS oid, e.evtname AS name, e.evtevent AS event, e.evtenabled::text AS enabled,
       e.evttags AS tags, fn.nspname AS function_schema, p.proname AS function_name,
       pg_get_userbyid(e.evtowner) AS owner,
       obj_description(e.oid, 'pg_event_trigger') AS comment
FROM pg_event_trigger e
JOIN pg_proc p ON p.oid = e.evtfoid
JOIN pg_namespace fn ON fn.oid = p.pronamespace
ORDER BY e.evtname
"""

# pg_cron's table; the columns asked for exist in every pg_cron release since 1.0
# except jobname (1.3), which is read through to_jsonb so older releases still answer.
CRON_JOBS = """
SELECT j.jobid::bigint AS jobid, to_jsonb(j) ->> 'jobname' AS jobname, j.schedule, j.command,
       j.database, j.username, COALESCE((to_jsonb(j) ->> 'active')::boolean, true) AS active
FROM cron.job j
ORDER BY j.jobid
"""

PUBLICATIONS = """
SELECT p.oid::bigint AS oid, p.pubname AS name, pg_get_userbyid(p.pubowner) AS owner,
       p.puballtables AS all_tables, p.pubinsert AS ins, p.pubupdate AS upd, p.pubdelete AS del,
       obj_description(p.oid, 'pg_publication') AS comment,
       COALESCE((SELECT json_agg(pt.schemaname || '.' || pt.tablename ORDER BY pt.schemaname, pt.tablename)
                 FROM pg_publication_tables pt WHERE pt.pubname = p.pubname), '[]'::json) AS tables
FROM pg_publication p
ORDER BY p.pubname
"""

# User-mapping options are shown only where the catalog would show them to this role; the
# `privileged` column says whether a NULL means "none" or "hidden from you".
FOREIGN_SERVERS = """
SELECT s.oid::bigint AS oid, s.srvname AS name, w.fdwname AS wrapper, s.srvoptions AS options,
       pg_get_userbyid(s.srvowner) AS owner,
       obj_description(s.oid, 'pg_foreign_server') AS comment,
       COALESCE((SELECT json_agg(json_build_object(
                    'user', um.usename,
                    'options', um.umoptions,
                    'privileged', (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                                  OR pg_has_role(s.srvowner, 'USAGE')
                                  OR (um.umuser = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                                      AND has_server_privilege(s.oid, 'USAGE'))
                                  OR (um.umuser = 0 AND has_server_privilege(s.oid, 'USAGE'))))
                 FROM pg_user_mappings um WHERE um.srvid = s.oid), '[]'::json) AS mappings
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
ORDER BY s.srvname
"""

EXTENSIONS_AND_LANGUAGES = """
SELECT 'extension' AS kind, e.extname AS name, e.extversion AS version, n.nspname AS schema,
       pg_get_userbyid(e.extowner) AS owner, NULL::boolean AS trusted
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
UNION ALL
SELECT 'language', l.lanname, NULL, '', pg_get_userbyid(l.lanowner), l.lanpltrusted
FROM pg_language l WHERE l.lanispl
ORDER BY 1, 2
"""
