"""A misspelt input name is an error naming the closest real one, on the command line and in the config file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cybercheck.exit_codes import ExitCode
from cybercheck.pipeline.inputs import known_inputs
from cybercheck.pipeline.plugins import CheckEntry
from tests.cybercheck.cli_helpers import run_cli

Install = Callable[..., list[CheckEntry]]


def test_known_inputs_are_what_checks_declare_and_need(fake_plugins: Install) -> None:
    assert "thing" in known_inputs(fake_plugins("test.needs"))


def test_a_misspelt_input_names_the_closest_real_one(fake_plugins: Install, tmp_path: Path) -> None:
    fake_plugins("test.needs")
    ran = run_cli("scan", "--check", "test.needs", "--input", f"thnig={tmp_path}")
    assert ran.code == ExitCode.USAGE
    assert "thnig" in ran.stderr and "Did you mean thing?" in ran.stderr


def test_an_unknown_input_in_the_config_file_is_named(fake_plugins: Install, tmp_path: Path) -> None:
    fake_plugins("test.needs")
    config = tmp_path / "cybercheck.toml"
    config.write_text('[inputs]\nthinng = "x"\n', encoding="utf-8")
    ran = run_cli("scan", "--config", str(config), "--check", "test.needs")
    assert ran.code == ExitCode.USAGE
    assert "thinng" in ran.stderr and str(config) in ran.stderr


def test_every_builtin_input_given_in_the_readme_is_known() -> None:
    import re

    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    given = set(re.findall(r"--input ([a-z][a-z0-9-]*)=", readme)) - {"calendar"}
    assert given - known_inputs() == set()


def test_no_sign_in_flow_reads_an_input_a_check_reads() -> None:
    from cybercheck.pipeline.inputs import inputs_for, sign_in_inputs

    read_by_checks = set(inputs_for([]))
    assert read_by_checks and not {i.name for i in sign_in_inputs()} & read_by_checks


def test_a_sign_in_input_is_known_and_kept_secret_without_a_check_reading_it() -> None:
    from cybercheck.pipeline.inputs import inputs_for

    found = inputs_for(["android", "google-client-secret"])
    assert found["google-client-secret"].kind == "secret" and "android" in found


def test_another_packages_sign_in_flow_is_always_read_for_what_it_calls_secret(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from importlib.metadata import EntryPoint

    from cybercheck.pipeline import inputs, plugins
    from cybercheck.pipeline.check import Input

    class Flow:
        inputs = (Input("android", "secret"),)  # a check reads it as a plain input

    class Elsewhere:
        name = "someone-elses-sign-in"

    outside = EntryPoint("theirs", "tests.cybercheck.pipeline.test_inputs:Flow", inputs.LOGIN_GROUP)
    object.__setattr__(outside, "dist", Elsewhere())
    own = plugins.registered
    monkeypatch.setattr(plugins, "registered", lambda group: (outside,) if group == inputs.LOGIN_GROUP else own(group))
    monkeypatch.setattr(inputs, "sign_in_inputs", lambda: list(Flow.inputs))
    assert inputs.inputs_for(["android"])["android"].kind == "secret"
