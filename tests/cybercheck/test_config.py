"""The config file: country, owner addresses, inputs and endpoints; flags win."""

from __future__ import annotations

from pathlib import Path

from tests.cybercheck.cli_helpers import run_cli


def test_config_gives_country_and_inputs_and_flags_replace_them(fake_plugins, tmp_path: Path) -> None:
    fake_plugins("test.needs")
    thing = tmp_path / "thing.txt"
    thing.write_text("x")
    config = tmp_path / "c.toml"
    config.write_text(f'country = "AU"\n[inputs]\nthing = "{tmp_path / "missing.txt"}"\n')
    ran = run_cli("scan", "--config", str(config), "--check", "test.needs", "--input", f"thing={thing}", "--format", "json")
    assert ran.code == 0
    assert '"country": "AU"' in ran.stdout and "1800RESPECT" in ran.stdout


def test_a_damaged_config_is_a_plain_usage_error(fake_plugins, tmp_path: Path) -> None:
    fake_plugins("test.quiet")
    config = tmp_path / "c.toml"
    config.write_text("country = [unclosed")
    ran = run_cli("scan", "--config", str(config))
    assert ran.code == 2 and "could not be read" in ran.stderr and "Traceback" not in ran.stderr
