"""The trackers step of the check-up in the web app: offered for "trackers appeared", fed a recorded sweep."""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from cybercheck.advice import advice_for
from tests.web.helpers import make_web
from tests.web.test_real_checks import begin, finish_run, skip_to

EXAMPLE = Path(__file__).parents[3] / "checks" / "trackers" / "examples" / "sweep.jsonl"
FOLLOWING = str(escape(advice_for("trackers.tracker.following").title))


def test_a_recorded_sweep_is_read_in_the_check_up_and_the_tracker_reported(tmp_path: Path) -> None:
    web = make_web(tmp_path)
    web.sign_in()
    begin(web, ["gifts"])
    page = skip_to(web, "Item trackers that stay with you (Bluetooth sweep)")
    assert 'name="input:sweep"' in page and "A recorded Bluetooth sweep" in page
    web.post("/guide", {"action": "run", "input:sweep": str(EXAMPLE)})
    finish_run(web)
    result = web.visit.session.results["trackers.nearby"]  # type: ignore[union-attr]
    assert result.findings[0].code == "trackers.tracker.following"
    web.post("/guide", {"action": "stop"})
    assert FOLLOWING in web.text("/results")
