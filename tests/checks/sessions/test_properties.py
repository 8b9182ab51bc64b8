"""Property tests: every reader of outside data meets garbage with a plain DamagedInput or nothing, never a crash."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.sessions.devices import device_label
from checks.sessions.sources.facebook import facebook_events
from checks.sessions.sources.google_takeout import takeout_events
from checks.sessions.sources.instagram import instagram_events
from checks.sessions.sources.json_stream import json_records, strip_js_prefix
from checks.sessions.sources.meta import shaped
from checks.sessions.sources.notes import Notes
from checks.sessions.sources.times import parse_time
from checks.sessions.sources.x_archive import x_records
from cybercheck.archive import open_export
from cybercheck.errors import DamagedInput

HEADER = b"Gaia ID,Activity Timestamp,IP Address,Activity Country,User Agent String,Product Name\n"
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def _export(tmp_path, members):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return open_export(path)


@SETTINGS
@given(body=st.binary(max_size=2000))
def test_takeout_csv_of_any_bytes(tmp_path, body):
    with _export(tmp_path, {"Takeout/Access Log Activity/Activities.csv": HEADER + body}) as export:
        for event in takeout_events(export, Notes()):
            assert event.provider == "Google"


@SETTINGS
@given(value=json_values)
def test_meta_json_of_any_shape(tmp_path, value):
    text = json.dumps({"active_sessions_v2": [value], "account_history_login_history": value})
    members = {"where_you're_logged_in.json": text, "login_activity.json": text}
    with _export(tmp_path, members) as export:
        list(facebook_events(export, Notes()))
        list(instagram_events(export, Notes()))
    shaped(value)


@SETTINGS
@given(body=st.binary(max_size=1500))
def test_json_and_js_readers_of_any_bytes(tmp_path, body):
    for reader in (
        lambda b: json_records(io.BytesIO(b), "f.json"),
        lambda b: json_records(strip_js_prefix(io.BytesIO(b), "f.js"), "f.js"),
    ):
        try:
            list(reader(body))
        except DamagedInput as error:
            assert error.plain
    with _export(tmp_path, {"data/ip-audit.js": b"window.YTD.ip_audit.part0 = " + body}) as export:
        list(x_records(export, Notes()))


@given(value=st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.none()))
def test_times_and_labels_of_anything(value):
    moment = parse_time(value)
    assert moment is None or moment.tzinfo is not None
    if isinstance(value, str):
        assert isinstance(device_label(value), str)
