"""The deploy files say what the project can do: every command the Dockerfile and the systemd
unit run is one our command line accepts, every file they copy exists, every setting they set
is one the bot reads, and the index the image builds is the one a start maps.

No Docker engine runs on this machine (and building the image needs PyPI and the base image's
registry), so the image is not built here: the Dockerfile is read with Docker's own parser (the
``dockerfile`` package), and its steps are checked one by one.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import dockerfile
import pytest
import yaml

from visitbot.engine import Engine
from visitbot_bot.cli import build_parser
from visitbot_bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
KNOWN = {field.alias for field in Settings.model_fields.values()} | {"VISITBOT_CACHE_DIR"}
"""Every variable the bot reads (VISITBOT_CACHE_DIR is read by the engine)."""


def instructions() -> list[Any]:
    return list(dockerfile.parse_file(str(ROOT / "Dockerfile")))


def of(kind: str) -> list[Any]:
    return [c for c in instructions() if c.cmd == kind]


def environment() -> dict[str, str]:
    env: dict[str, str] = {}
    for command in of("ENV"):
        pairs = command.value
        env.update(zip(pairs[::2], pairs[1::2], strict=True))
    return env


def visitbot_commands(shell: str) -> list[list[str]]:
    """The ``visitbot …`` invocations in a shell command line (split at && and ;)."""
    found = []
    for part in shell.replace(";", "&&").split("&&"):
        words = shlex.split(part)
        if words and Path(words[0]).name == "visitbot":
            found.append(words[1:])
    return found


def accepted(arguments: list[str]) -> bool:
    try:
        build_parser().parse_args(arguments)
    except SystemExit:
        return False
    return True


def test_the_image_is_slim_python_and_runs_as_a_user() -> None:
    [base] = of("FROM")
    assert base.value[0].startswith("python:3.11-slim")
    [user] = of("USER")
    assert user.value[0] not in {"root", "0"}
    order = [c.cmd for c in instructions()]
    assert order.index("USER") < order.index("CMD")


def test_every_file_the_image_copies_exists() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    for command in of("COPY"):
        *sources, _target = command.value
        for source in sources:
            assert (ROOT / source).exists(), source
            assert source not in ignored, source
    assert {".git", ".venv", ".env"} <= set(ignored)  # no history, no venv, no secrets


def test_every_command_the_image_runs_is_ours() -> None:
    commands = [args for run in of("RUN") for args in visitbot_commands(run.value[0])]
    [cmd] = of("CMD")
    [health] = of("HEALTHCHECK")
    assert cmd.json and cmd.value == ("visitbot", "run")
    assert health.value[0] == "CMD" and health.value[1:] == ("visitbot", "health")
    commands += [list(cmd.value[1:]), list(health.value[2:])]
    assert ["index", "--quiet"] in commands
    assert all(accepted(args) for args in commands), commands


def test_settings_volumes_and_ports_agree() -> None:
    env = environment()
    assert {k for k in env if k.startswith(("VISITBOT_", "TELEGRAM_"))} <= KNOWN
    [volume] = of("VOLUME")
    assert set(volume.value) == {env["VISITBOT_DATA_DIR"], env["VISITBOT_CACHE_DIR"]}
    exposed = {port for command in of("EXPOSE") for port in command.value}
    assert env["VISITBOT_METRICS_PORT"] in exposed
    assert str(Settings.model_fields["webhook_port"].default) in exposed
    assert env["VISITBOT_METRICS_LISTEN"] == "0.0.0.0"  # Docker's health check and Prometheus


def test_the_index_built_with_the_image_is_the_one_a_start_maps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The image's index step, run here with the image's cache setting moved to a temporary
    folder; then the bot's start maps that index instead of building one."""
    [step] = [run for run in of("RUN") if ["index", "--quiet"] in visitbot_commands(run.value[0])]
    monkeypatch.setenv("VISITBOT_CACHE_DIR", str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "visitbot_bot", "index", "--quiet"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "saved to" in done.stdout and step.value
    assert len(list(tmp_path.glob("*.index"))) == 1
    assert Engine.load().cache_file is None  # mapped, not built


def test_compose_runs_the_image_with_its_volumes_and_an_optional_prometheus() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot = compose["services"]["bot"]
    assert bot["build"] == "." and (ROOT / "Dockerfile").is_file()
    env = environment()
    mounted = {volume.split(":")[1] for volume in bot["volumes"]}
    assert mounted == {env["VISITBOT_DATA_DIR"], env["VISITBOT_CACHE_DIR"]}
    assert set(bot["environment"]) <= KNOWN
    port = bot["environment"]["VISITBOT_METRICS_PORT"]
    prometheus = compose["services"]["prometheus"]
    assert prometheus["profiles"] == ["monitoring"]  # only when asked for
    [config] = [v.split(":")[0] for v in prometheus["volumes"] if v.startswith("./")]
    scrape = yaml.safe_load((ROOT / config).read_text())
    [job] = scrape["scrape_configs"]
    assert job["static_configs"][0]["targets"] == [f"bot:{port}"]


def unit() -> dict[str, list[str]]:
    """The unit's keys and every value each is given (a key may repeat)."""
    found: dict[str, list[str]] = {}
    for line in (ROOT / "deploy" / "visitbot.service").read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_the_systemd_unit_runs_our_command_as_a_user(tmp_path: Path) -> None:
    keys = unit()
    [start] = keys["ExecStart"]
    program, *arguments = shlex.split(start)
    assert Path(program).name == "visitbot" and accepted(arguments) and arguments == ["run"]
    assert keys["User"] != ["root"] and keys["KillSignal"] == ["SIGTERM"]
    names = {pair.split("=")[0] for value in keys["Environment"] for pair in shlex.split(value)}
    assert names <= KNOWN
    # systemd's own check, with the program pointed at this checkout's console script (the
    # unit names where `pip install` puts it on the server).
    here = shutil.which("visitbot", path=str(Path(sys.executable).parent))
    assert here is not None
    text = (ROOT / "deploy" / "visitbot.service").read_text().replace(program, here)
    copy = tmp_path / "visitbot.service"
    copy.write_text(text)
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == ""
