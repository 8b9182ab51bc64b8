"""A check's earlier id still names it: on the command line, in the config file and in `checks show`."""

from __future__ import annotations

from pathlib import Path

from cybercheck.pipeline.scanning import plan_checks
from tests.cybercheck.cli_helpers import run_cli


def test_an_earlier_id_plans_the_renamed_check() -> None:
    assert [entry.id for entry, named in plan_checks(("device.android", "device.ios"))] == ["android.device", "ios.backup"]


def test_checks_show_explains_a_check_by_its_earlier_id() -> None:
    ran = run_cli("checks", "show", "device.ios")
    assert ran.code == 0 and ran.stdout.startswith("ios.backup:")


def test_the_config_file_may_name_a_check_by_its_earlier_id(tmp_path: Path) -> None:
    config = tmp_path / "cybercheck.toml"
    config.write_text('checks = ["device.android"]\n', encoding="utf-8")
    ran = run_cli("scan", "--config", str(config), "--offline", "--format", "json")
    assert '"check": "android.device"' in ran.stdout
