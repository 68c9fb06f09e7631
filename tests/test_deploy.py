"""The files in deploy/: the systemd unit, the example config and the read-only role SQL.

The role SQL runs with psql against the test PostgreSQL; roles are cluster-wide, so every
role made here has a unique name and is dropped afterwards.
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import tomllib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

import psycopg
import pytest
from psycopg import errors

from tests.conftest import Database, Server

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
UNIT = DEPLOY / "alert-watchdog.service"
CONFIG = DEPLOY / "config.example.toml"
ROLE_SQL = DEPLOY / "readonly-role.sql"
EXEC = "/opt/alert-watchdog/venv/bin/alert-watchdog"


# --- systemd unit -------------------------------------------------------------------------


def _unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def _all_values(section: str, key: str) -> list[str]:
    """Every value of a key given more than once (configparser keeps only the last)."""
    values: list[str] = []
    current = None
    for raw in UNIT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif current == section and "=" in line and not line.startswith(("#", ";")):
            k, v = line.split("=", 1)
            if k.strip() == key:
                values.append(v.strip())
    return values


def test_unit_lifecycle() -> None:
    svc = _unit()["Service"]
    assert svc["Type"] == "notify"
    assert svc["NotifyAccess"] == "main"
    assert svc["WatchdogSec"] == "120"
    assert svc["ExecStart"] == f"{EXEC} daemon --config /etc/alert-watchdog/config.toml"
    assert re.fullmatch(r"/bin/kill -(HUP|SIGHUP|s HUP) \$MAINPID", svc["ExecReload"])
    assert svc["KillSignal"] == "SIGTERM"
    assert svc["TimeoutStopSec"] == "30"
    assert svc["Restart"] == "on-failure"
    assert svc["RestartSec"] == "10"
    assert "PYTHONUNBUFFERED=1" in _all_values("Service", "Environment")
    assert svc["StandardOutput"] == "journal"
    assert _unit()["Install"]["WantedBy"] == "multi-user.target"


def test_unit_identity_and_directories() -> None:
    svc = _unit()["Service"]
    assert svc["User"] == "alert-watchdog"
    assert svc["Group"] == "alert-watchdog"
    assert svc["StateDirectory"] == "alert-watchdog"
    assert svc["StateDirectoryMode"] == "0750"
    assert svc["ConfigurationDirectory"] == "alert-watchdog"
    assert svc["UMask"] == "0077"
    assert "LimitNOFILE" in svc
    # Nothing outside the StateDirectory is writable unless a site says so in a drop-in.
    assert "ReadWritePaths" not in svc
    assert "# ReadWritePaths=" in UNIT.read_text(encoding="utf-8")


def test_unit_sandbox() -> None:
    svc = _unit()["Service"]
    assert svc["ProtectSystem"] == "strict"
    for key in (
        "ProtectHome",
        "PrivateTmp",
        "PrivateDevices",
        "NoNewPrivileges",
        "ProtectKernelTunables",
        "ProtectKernelModules",
        "ProtectKernelLogs",
        "ProtectControlGroups",
        "ProtectClock",
        "ProtectHostname",
        "RestrictNamespaces",
        "RestrictRealtime",
        "RestrictSUIDSGID",
        "LockPersonality",
        "MemoryDenyWriteExecute",
    ):
        assert svc.get(key) == "yes", key
    assert svc["CapabilityBoundingSet"] == ""
    assert svc["AmbientCapabilities"] == ""
    families = [v.split() for v in _all_values("Service", "RestrictAddressFamilies")]
    assert families == [["AF_UNIX", "AF_INET", "AF_INET6"]]
    assert svc["SystemCallArchitectures"] == "native"
    filters = _all_values("Service", "SystemCallFilter")
    assert filters[0] == "@system-service"
    denied = {word for f in filters if f.startswith("~") for word in f[1:].split()}
    assert {"@privileged", "@resources"} <= denied
    for key in ("User", "ExecStart", "ProtectSystem", "CapabilityBoundingSet"):
        assert len(_all_values("Service", key)) == 1, f"{key} given twice"


def test_example_config_paths_match_the_unit() -> None:
    svc = _unit()["Service"]
    state_dir = PurePosixPath("/var/lib") / svc["StateDirectory"]
    config_dir = PurePosixPath("/etc") / svc["ConfigurationDirectory"]
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert PurePosixPath(config["state"]["path"]).parent == state_dir
    assert str(config_dir / "config.toml") in svc["ExecStart"]
    dsn_files = [t["dsn_file"] for t in config["targets"] if "dsn_file" in t]
    assert dsn_files
    assert all(PurePosixPath(f).parent == config_dir for f in dsn_files)
    # A dsn_env target needs the variable in the service's environment.
    if any("dsn_env" in t for t in config["targets"]):
        assert svc.get("EnvironmentFile", "").lstrip("-").startswith(str(config_dir) + "/")
    # The only inline DSN is a commented example, without a password.
    assert not any("dsn" in t for t in config["targets"])
    inline = re.findall(r'^#?\s*dsn\s*=\s*"([^"]*)"', CONFIG.read_text("utf-8"), re.MULTILINE)
    assert inline
    assert not [d for d in inline if re.match(r"postgres(?:ql)?://[^@/\s]*:[^@/\s]*@", d)]


def test_unit_verifies_with_systemd_analyze(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # verify insists that ExecStart's program exists; point it at one that does.
    text = UNIT.read_text(encoding="utf-8")
    assert EXEC in text
    unit = tmp_path / UNIT.name
    unit.write_text(text.replace(EXEC, shutil.which("true") or "/bin/true"), encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if UNIT.name in line]
    assert done.returncode == 0, done.stderr
    assert complaints == []


def test_unit_exposure_with_systemd_analyze() -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    done = subprocess.run(
        [analyze, "security", "--offline=true", "--threshold=20", str(UNIT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "--offline" in done.stderr or "--threshold" in done.stderr:
        pytest.skip("systemd-analyze is too old for security --offline (systemd < 250)")
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", done.stdout)
    assert level, done.stdout + done.stderr
    assert done.returncode == 0, f"exposure {level.group(1)} is above 2.0"


# --- read-only role -----------------------------------------------------------------------

CRON_SHAPE = """
CREATE ROLE {other} NOLOGIN;
CREATE SCHEMA cron;
REVOKE ALL ON SCHEMA cron FROM PUBLIC;
CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL,
                       command text NOT NULL, username text NOT NULL DEFAULT current_user,
                       jobname text);
CREATE TABLE cron.job_run_details (runid bigserial PRIMARY KEY, jobid bigint);
ALTER TABLE cron.job ENABLE ROW LEVEL SECURITY;
CREATE POLICY cron_job_policy ON cron.job USING (username = current_user);
INSERT INTO cron.job (schedule, command, username, jobname) VALUES
  ('*/10 * * * *', 'SELECT 1', '{other}', 'someone-elses-job'),
  ('0 * * * *', 'SELECT 2', 'postgres', 'admin-job');
"""

APP = """
CREATE TABLE public.arrests (arrest_id int PRIMARY KEY, person_id int NOT NULL);
INSERT INTO public.arrests VALUES (1, 10), (2, 20);
"""


def _psql() -> str:
    found = shutil.which("psql")
    if found is None:
        pytest.skip("psql is not installed")
    return found


def _run_role_sql(dsn: str, role: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            _psql(),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            f"role={role}",
            "-f",
            str(ROLE_SQL),
            dsn,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def new_role(pg_server: Server) -> Iterator[Callable[[], str]]:
    """Unique role names; each is dropped (with its grants, in every database) afterwards."""
    names: list[str] = []

    def make() -> str:
        names.append(f"wd_deploy_test_{uuid.uuid4().hex[:10]}")
        return names[-1]

    yield make
    with psycopg.connect(pg_server.admin_dsn, autocommit=True) as admin:
        databases = [
            r[0] for r in admin.execute("SELECT datname FROM pg_database WHERE datallowconn")
        ]
        for name in names:
            if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                continue
            for db in databases:
                try:
                    with psycopg.connect(pg_server.dsn(db), autocommit=True) as conn:
                        conn.execute(f'DROP OWNED BY "{name}"')
                except psycopg.Error:
                    pass
            admin.execute(f'DROP ROLE "{name}"')


def _role(dsn: str, name: str) -> dict[str, object]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        cur = conn.execute(
            """SELECT rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolcanlogin,
                      rolreplication, rolbypassrls, rolconnlimit, rolconfig,
                      pg_has_role(rolname, 'pg_read_all_data', 'USAGE') AS reads_all
               FROM pg_roles WHERE rolname = %s""",
            (name,),
        )
        row = cur.fetchone()
        assert row is not None, f"role {name} was not created"
        return dict(zip([c.name for c in cur.description or ()], row, strict=True))


def _deploy(db: Database, role: str) -> None:
    for attempt in (1, 2):  # the script must be idempotent
        done = _run_role_sql(db.admin_dsn, role)
        assert done.returncode == 0, f"run {attempt}: {done.stderr}"
        assert "ERROR" not in done.stderr, f"run {attempt}: {done.stderr}"


def test_role_sql_has_no_password() -> None:
    code = "\n".join(
        line
        for line in ROLE_SQL.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("--")
    )
    assert not re.search(r"\bPASSWORD\b", code, re.IGNORECASE)
    assert "pg_read_all_data" in code


def test_readonly_role(
    pg_server: Server, make_db: Callable[[str], Database], new_role: Callable[[], str]
) -> None:
    db = make_db(APP)
    role = new_role()
    _deploy(db, role)

    attrs = _role(db.admin_dsn, role)
    assert attrs["rolcanlogin"] is True
    assert attrs["rolinherit"] is True  # needed to use pg_read_all_data
    assert attrs["reads_all"] is True
    for attr in ("rolsuper", "rolcreatedb", "rolcreaterole", "rolreplication"):
        assert attrs[attr] is False, attr
    # No pg_cron here: nothing hidden by row-level security to read past.
    assert attrs["rolbypassrls"] is False
    assert attrs["rolconnlimit"] == 2
    config = dict(item.split("=", 1) for item in attrs["rolconfig"] or [])  # type: ignore[attr-defined]
    assert config["default_transaction_read_only"] == "on"
    assert config["statement_timeout"] == "60s"
    assert config["lock_timeout"] == "5s"
    assert "idle_in_transaction_session_timeout" in config

    with psycopg.connect(pg_server.dsn(db.name, role), autocommit=True) as conn:
        assert conn.execute("SHOW default_transaction_read_only").fetchone() == ("on",)
        assert conn.execute("SHOW lock_timeout").fetchone() == ("5s",)
        assert conn.execute("SELECT count(*) FROM public.arrests").fetchone() == (2,)
        with pytest.raises(errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE public.mine (x int)")
        with pytest.raises(errors.ReadOnlySqlTransaction):
            conn.execute("INSERT INTO public.arrests VALUES (3, 30)")
        # The read-only default is a session setting the client could turn off; the
        # privileges are what actually stop a write.
        conn.execute("SET default_transaction_read_only = off")
        for sql in (
            "INSERT INTO public.arrests VALUES (3, 30)",
            "UPDATE public.arrests SET person_id = 0",
            "DELETE FROM public.arrests",
            "TRUNCATE public.arrests",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql)
    with psycopg.connect(db.admin_dsn) as admin:
        assert admin.execute("SELECT count(*) FROM public.arrests").fetchone() == (2,)


def test_readonly_role_reads_every_pg_cron_job(
    pg_server: Server, make_db: Callable[[str], Database], new_role: Callable[[], str]
) -> None:
    other = new_role()
    db = make_db(CRON_SHAPE.format(other=other))
    role = new_role()
    _deploy(db, role)

    assert _role(db.admin_dsn, role)["rolbypassrls"] is True
    with psycopg.connect(db.admin_dsn) as admin:
        granted = admin.execute(
            """SELECT c.relname FROM pg_class c, aclexplode(c.relacl) a
               WHERE c.relnamespace = 'cron'::regnamespace AND a.privilege_type = 'SELECT'
                 AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = %s)
               ORDER BY 1""",
            (role,),
        ).fetchall()
        assert granted == [("job",), ("job_run_details",)]
    with psycopg.connect(pg_server.dsn(db.name, role), autocommit=True) as conn:
        jobs = conn.execute("SELECT jobname FROM cron.job ORDER BY jobid").fetchall()
        assert jobs == [("someone-elses-job",), ("admin-job",)]
        with pytest.raises(errors.ReadOnlySqlTransaction):
            conn.execute("DELETE FROM cron.job")
        conn.execute("SET default_transaction_read_only = off")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("DELETE FROM cron.job")


def test_role_sql_refuses_an_existing_superuser(
    pg_server: Server, make_db: Callable[[str], Database], new_role: Callable[[], str]
) -> None:
    db = make_db("")
    role = new_role()
    with psycopg.connect(pg_server.admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" NOLOGIN SUPERUSER')
    done = _run_role_sql(db.admin_dsn, role)
    assert done.returncode != 0
    assert "superuser" in done.stderr
    attrs = _role(db.admin_dsn, role)
    assert attrs["rolsuper"] is True
    assert attrs["rolcanlogin"] is False
