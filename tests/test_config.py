"""The daemon's TOML config: values read right, secrets read again, every problem named by its key."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from watchdog.cli import main
from watchdog.config import ConfigError, load_config, parse_duration
from watchdog.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """\
[state]
path = "state/wd.db"

[inbox]
to = ["oversight@example.org"]
from = "watchdog@example.org"
smtp_host = "mail.example.org"

[[targets]]
name = "rms"
dsn = "postgresql://reader@rms-db.example.org/rms"
every = "5s"
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not in the config text"
    return text.replace(old, new, 1)


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert info.value.problems, "a ConfigError without problems"
    return info.value.problems


# --- valid files ---------------------------------------------------------------------------


def test_minimal_config_values(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))

    assert config.state.path == tmp_path.resolve() / "state" / "wd.db"
    assert config.state.dsn is None
    assert config.inbox.to == ("oversight@example.org",)
    assert config.inbox.sender == "watchdog@example.org"
    assert config.inbox.smtp_host == "mail.example.org"
    assert config.inbox.smtp_port == 25
    assert config.inbox.maildir is None
    assert not config.inbox.smtp_ssl and not config.inbox.smtp_starttls
    assert [t.name for t in config.targets] == ["rms"]
    target = config.targets[0]
    assert target.every == 5.0
    assert target.cron is None
    assert target.dsn.key == "dsn"
    assert target.dsn.resolve() == "postgresql://reader@rms-db.example.org/rms"


def test_relative_state_path_is_taken_from_the_config_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf_dir = tmp_path / "etc"
    conf_dir.mkdir()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(write(conf_dir, MINIMAL))
    assert config.state.path == conf_dir.resolve() / "state" / "wd.db"


@pytest.mark.parametrize(
    ("every", "seconds"),
    [('"5s"', 5.0), ('"1h30m"', 5400.0), ('"15m"', 900.0), ('"1d"', 86400.0), ("90", 90.0)],
)
def test_every_durations(tmp_path: Path, every: str, seconds: float) -> None:
    config = load_config(write(tmp_path, edit(MINIMAL, 'every = "5s"', f"every = {every}")))
    assert config.targets[0].every == seconds


def test_cron_target(tmp_path: Path) -> None:
    text = edit(MINIMAL, 'every = "5s"', 'cron = "*/30 * * * *"')
    target = load_config(write(tmp_path, text)).targets[0]
    assert target.cron == "*/30 * * * *"
    assert target.every is None


def test_dsn_env_is_read_at_resolve_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WD_TEST_RMS_DSN", "postgresql://reader@one.example.org/rms")
    text = edit(
        MINIMAL, 'dsn = "postgresql://reader@rms-db.example.org/rms"', 'dsn_env = "WD_TEST_RMS_DSN"'
    )
    secret = load_config(write(tmp_path, text)).targets[0].dsn
    assert (secret.key, secret.value) == ("dsn_env", "WD_TEST_RMS_DSN")
    assert secret.resolve() == "postgresql://reader@one.example.org/rms"

    monkeypatch.setenv("WD_TEST_RMS_DSN", "postgresql://reader@two.example.org/rms\n")
    assert secret.resolve() == "postgresql://reader@two.example.org/rms"

    monkeypatch.delenv("WD_TEST_RMS_DSN")
    with pytest.raises(UsageError, match="WD_TEST_RMS_DSN"):
        secret.resolve()


def test_dsn_file_is_read_again_after_rotation(tmp_path: Path) -> None:
    dsn_file = tmp_path / "secrets" / "rms.dsn"
    dsn_file.parent.mkdir()
    dsn_file.write_text("postgresql://reader:first@rms-db.example.org/rms\n", encoding="utf-8")
    # relative to the config file's directory
    text = edit(
        MINIMAL,
        'dsn = "postgresql://reader@rms-db.example.org/rms"',
        'dsn_file = "secrets/rms.dsn"',
    )
    secret = load_config(write(tmp_path, text)).targets[0].dsn
    assert secret.key == "dsn_file"
    assert Path(secret.value) == tmp_path.resolve() / "secrets" / "rms.dsn"
    assert secret.resolve() == "postgresql://reader:first@rms-db.example.org/rms"

    dsn_file.write_text("postgresql://reader:rotated@rms-db.example.org/rms\n", encoding="utf-8")
    assert secret.resolve() == "postgresql://reader:rotated@rms-db.example.org/rms"

    dsn_file.unlink()
    with pytest.raises(UsageError, match="dsn_file"):
        secret.resolve()


def test_state_in_postgres_via_dsn_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WD_TEST_STATE_DSN", "postgresql://state@db.example.org/watchdog")
    text = edit(MINIMAL, 'path = "state/wd.db"', 'dsn_env = "WD_TEST_STATE_DSN"')
    state = load_config(write(tmp_path, text)).state
    assert state.path is None
    assert state.dsn is not None
    assert state.dsn.resolve() == "postgresql://state@db.example.org/watchdog"


def test_example_config_in_deploy_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    etc = tmp_path / "etc"
    var = tmp_path / "var"
    etc.mkdir()
    text = (ROOT / "deploy" / "config.example.toml").read_text(encoding="utf-8")
    assert "/etc/alert-watchdog" in text and "/var/lib/alert-watchdog" in text
    text = text.replace("/etc/alert-watchdog", str(etc)).replace(
        "/var/lib/alert-watchdog", str(var)
    )
    (etc / "rms.dsn").write_text("postgresql://alert_watchdog:pw@rms-db.example.org/rms\n")
    monkeypatch.setenv("CAD_DSN", "postgresql://alert_watchdog@cad-db.example.org/cad")

    config = load_config(write(etc, text))

    assert config.state.path == var / "state.db"
    by_name = {t.name: t for t in config.targets}
    assert len(config.targets) == 2
    rms, cad = by_name["rms"], by_name["cad"]
    assert rms.every == 900.0 and rms.cron is None
    assert rms.dsn.key == "dsn_file"
    assert rms.dsn.resolve() == "postgresql://alert_watchdog:pw@rms-db.example.org/rms"
    assert cad.cron == "*/30 * * * *" and cad.every is None
    assert cad.dsn.resolve() == "postgresql://alert_watchdog@cad-db.example.org/cad"
    assert config.daemon.jitter == 30.0
    assert config.daemon.backoff_max == 300.0


# --- problems, each named by its key -------------------------------------------------------


def only_problem(problems: list[str], prefix: str, *fragments: str) -> str:
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.startswith(prefix), problem
    for fragment in fragments:
        assert fragment in problem, problem
    return problem


DSN_LINE = 'dsn = "postgresql://reader@rms-db.example.org/rms"'


@pytest.mark.parametrize(
    ("old", "new", "prefix", "fragments"),
    [
        pytest.param(
            'to = ["oversight@example.org"]\n', "", "[inbox] to:", ["missing"], id="to-missing"
        ),
        pytest.param(
            '["oversight@example.org"]',
            '["oversight at example.org"]',
            "[inbox] to:",
            ["'oversight at example.org'", "not a mail address"],
            id="to-bad-address",
        ),
        pytest.param(
            'from = "watchdog@example.org"\n', "", "[inbox] from:", ["missing"], id="from-missing"
        ),
        pytest.param(
            'smtp_host = "mail.example.org"',
            'smtp_host = "mail.example.org"\nmaildir = "inbox"',
            "[inbox] maildir:",
            ["not both"],
            id="smtp-and-maildir",
        ),
        pytest.param(
            'smtp_host = "mail.example.org"\n',
            "",
            "[inbox] smtp_host:",
            ["missing"],
            id="no-delivery",
        ),
        pytest.param(
            'smtp_host = "mail.example.org"',
            'smtp_host = "mail.example.org"\nsmtp_ssl = true\nsmtp_starttls = true',
            "[inbox] smtp_starttls:",
            ["not both"],
            id="ssl-and-starttls",
        ),
        pytest.param(
            'every = "5s"',
            'every = "5x"',
            "[[targets]] rms: every:",
            ["'5x' is not a duration"],
            id="bad-duration",
        ),
        pytest.param(
            'every = "5s"',
            "every = -5",
            "[[targets]] rms: every:",
            ["longer than zero"],
            id="negative",
        ),
        pytest.param(
            'every = "5s"',
            'every = "0s"',
            "[[targets]] rms: every:",
            ["longer than zero"],
            id="zero",
        ),
        pytest.param(
            'every = "5s"',
            'every = "0h0m"',
            "[[targets]] rms: every:",
            ["longer than zero"],
            id="zero-sum",
        ),
        pytest.param('every = "5s"', "every = nan", "[[targets]] rms: every:", [], id="nan"),
        pytest.param('every = "5s"', "every = inf", "[[targets]] rms: every:", [], id="inf"),
        pytest.param(
            'every = "5s"',
            'every = "999999999999d"',
            "[[targets]] rms: every:",
            ["too long"],
            id="overflow",
        ),
        pytest.param(
            'every = "5s"',
            'every = "5s"\ncron = "0 * * * *"',
            "[[targets]] rms: every:",
            ["not both"],
            id="every-and-cron",
        ),
        pytest.param(
            'every = "5s"\n', "", "[[targets]] rms: every:", ["missing"], id="no-schedule"
        ),
        pytest.param(
            'every = "5s"',
            'cron = "61 * * * *"',
            "[[targets]] rms: cron:",
            ["'61 * * * *'", "not a crontab expression"],
            id="bad-cron",
        ),
        pytest.param(
            'every = "5s"',
            'cron = "* * *"',
            "[[targets]] rms: cron:",
            ["not a crontab"],
            id="cron-fields",
        ),
        pytest.param(
            'every = "5s"',
            'every = "5s"\ncolour = "red"',
            "[[targets]] rms: colour:",
            ["unknown key"],
            id="target-key",
        ),
        pytest.param(
            'smtp_host = "mail.example.org"',
            'smtp_host = "mail.example.org"\nsmtp_hots = "x"',
            "[inbox] smtp_hots:",
            ["unknown key"],
            id="inbox-key",
        ),
        pytest.param(
            'path = "state/wd.db"',
            'path = "state/wd.db"\nvacuum = true',
            "[state] vacuum:",
            ["unknown key"],
            id="state-key",
        ),
        pytest.param(
            "[inbox]",
            '[daemon]\njiter = "5s"\n\n[inbox]',
            "[daemon] jiter:",
            ["unknown key"],
            id="daemon-key",
        ),
        pytest.param(
            "[inbox]",
            '[alerts]\nlevel = "high"\n\n[inbox]',
            "[alerts]:",
            ["unknown section"],
            id="section",
        ),
        pytest.param(
            'name = "rms"',
            'name = "rms db!"',
            "[[targets]]",
            ["name:", "'rms db!'", "may hold only"],
            id="name-chars",
        ),
        pytest.param(
            DSN_LINE,
            DSN_LINE + '\ndsn_env = "HOME"',
            "[[targets]] rms: dsn / dsn_env:",
            ["only one of dsn, dsn_env, dsn_file"],
            id="two-dsns",
        ),
        pytest.param(DSN_LINE + "\n", "", "[[targets]] rms: dsn:", ["missing"], id="no-dsn"),
        pytest.param(
            DSN_LINE,
            'dsn_env = "WD_TEST_NEVER_SET_DSN"',
            "[[targets]] rms: dsn_env:",
            ["WD_TEST_NEVER_SET_DSN", "not set"],
            id="dsn-env-unset",
        ),
        pytest.param(
            DSN_LINE,
            'dsn_file = "nowhere/rms.dsn"',
            "[[targets]] rms: dsn_file:",
            ["rms.dsn", "does not exist"],
            id="dsn-file-missing",
        ),
        pytest.param(
            'path = "state/wd.db"',
            'path = "state/wd.db"\ndsn = "postgresql://state@db.example.org/watchdog"',
            "[state] path:",
            ["not both"],
            id="state-path-and-dsn",
        ),
        pytest.param('path = "state/wd.db"\n', "", "[state] path:", ["missing"], id="state-empty"),
        pytest.param(
            '[state]\npath = "state/wd.db"\n', "", "[state]:", ["missing"], id="state-missing"
        ),
        pytest.param("[[targets]]", "[[targets]\n", "not valid TOML", [], id="invalid-toml"),
    ],
)
def test_each_problem_names_its_key(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    prefix: str,
    fragments: list[str],
) -> None:
    monkeypatch.delenv("WD_TEST_NEVER_SET_DSN", raising=False)
    only_problem(problems_of(tmp_path, edit(MINIMAL, old, new)), prefix, *fragments)


def test_duplicate_target_name(tmp_path: Path) -> None:
    second = '\n[[targets]]\nname = "rms"\ndsn = "postgresql://reader@other.example.org/rms"\nevery = "1m"\n'
    only_problem(
        problems_of(tmp_path, MINIMAL + second), "[[targets]]", "name:", "'rms'", "another target"
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = edit(MINIMAL, '["oversight@example.org"]', '["nobody"]')
    text = edit(text, 'every = "5s"', 'every = "5x"')
    text = edit(text, 'name = "rms"', 'name = "rms"\ncolour = "red"')
    text += '\n[alerts]\nlevel = "high"\n'
    problems = problems_of(tmp_path, text)
    assert len(problems) == 4, problems
    assert any(p.startswith("[inbox] to:") for p in problems)
    assert any(p.startswith("[[targets]] rms: every:") for p in problems)
    assert any(p.startswith("[[targets]] rms: colour:") for p in problems)
    assert any(p.startswith("[alerts]:") for p in problems)


def test_config_error_message_holds_path_and_problems(tmp_path: Path) -> None:
    path = write(tmp_path, edit(MINIMAL, 'every = "5s"', 'every = "5x"'))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value) and "every" in str(info.value)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "absent.toml")
    assert info.value.problems[0].startswith("cannot read")


# --- the CLI --------------------------------------------------------------------------------


def test_cli_config_check_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, MINIMAL)
    assert main(["config", "check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == f"{path}: OK"
    assert "rms" in out
    assert err == ""


def test_cli_config_check_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = edit(MINIMAL, 'every = "5s"', 'every = "5x"')
    text = edit(text, 'from = "watchdog@example.org"\n', "")
    path = write(tmp_path, text)
    assert main(["config", "check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "OK" not in out
    lines = err.splitlines()
    assert len(lines) == 2, lines
    assert all(str(path) in line for line in lines)
    assert any("[inbox] from:" in line for line in lines)
    assert any("[[targets]] rms: every:" in line for line in lines)


# --- parse_duration -------------------------------------------------------------------------


@given(
    h=st.integers(min_value=0, max_value=10_000),
    m=st.integers(min_value=0, max_value=10_000),
    s=st.integers(min_value=0, max_value=10_000),
)
def test_parse_duration_sums_units(h: int, m: int, s: int) -> None:
    assume(h or m or s)
    assert parse_duration(f"{h}h{m}m{s}s") == h * 3600 + m * 60 + s


@given(st.integers(min_value=1, max_value=5000), st.sampled_from(["s", "m", "h", "d", "w"]))
def test_parse_duration_single_unit_and_spacing(n: int, unit: str) -> None:
    factor = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    assert parse_duration(f" {n}{unit} ") == n * factor
    assert parse_duration(f"{n} {unit.upper()}") == n * factor


@pytest.mark.parametrize(
    "value",
    [
        "",
        "5",
        "5x",
        "h",
        "1h-30m",
        "-5s",
        "five minutes",
        True,
        None,
        [5],
        0,
        -1.5,
        math.nan,
        math.inf,
    ],
)
def test_parse_duration_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(value)
