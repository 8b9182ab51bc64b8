"""Inputs the fuzzing harness (tests/fuzz) found that crashed a sessions reader or were reported clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.sessions.checks import FacebookSessions, GoogleSessions, InstagramSessions
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

from .conftest import FIXTURES, make_zip

FB = "security_and_login_information/"
LOG = "Takeout/Access Log Activity/Activities - A list of Google services accessed by.csv"


def _not_clean_and_no_fault(result) -> None:  # type: ignore[no-untyped-def]
    assert result.status in (Status.INCOMPLETE, Status.FOUND, Status.FAILED), result.status
    assert not result.problem or "fault in its own code" not in str(result.problem.plain), (
        result.problem.detail
    )


@pytest.mark.parametrize("damage", [b"\xed\xa0\x80", b"\xff", b"\xc3"])
def test_bad_utf8_in_a_facebook_file_is_a_gap_not_a_traceback(tmp_path: Path, damage: bytes) -> None:
    good = (FIXTURES / "facebook-v2" / "authorized_logins.json").read_bytes()
    archive = make_zip(tmp_path / "fb.zip", {FB + "authorized_logins.json": good[:2] + damage + good[2:]})
    result = run(FacebookSessions, inputs={"facebook": archive})
    _not_clean_and_no_fault(result)


@pytest.mark.parametrize("kind", ["encrypted", "aes"])
def test_an_encrypted_member_is_a_plain_message(tmp_path: Path, kind: str) -> None:
    import random

    from tests.fuzz.mutate import container_mutation

    good = (FIXTURES / "takeout-2023" / "Activities - A list of Google services accessed by.csv").read_bytes()
    rng = random.Random(0)
    while (found := container_mutation(rng, {LOG: good}, LOG))[0] != kind:
        pass
    (tmp_path / "takeout.zip").write_bytes(found[1])
    result = run(GoogleSessions, inputs={"takeout": tmp_path / "takeout.zip"})
    _not_clean_and_no_fault(result)
    assert "password" in " ".join([*result.gaps, str(result.problem.plain) if result.problem else ""])


def test_instagram_damage_is_never_clean(tmp_path: Path) -> None:
    good = (FIXTURES / "instagram-en" / "login_activity.json").read_bytes()
    archive = make_zip(
        tmp_path / "ig.zip",
        {
            "security_and_login_information/login_and_account_creation/login_activity.json": good[:40]
            + b"\xff"
            + good[40:]
        },
    )
    _not_clean_and_no_fault(run(InstagramSessions, inputs={"instagram": archive}))


@pytest.mark.parametrize("closed", [True, False])
def test_json_nested_a_hundred_thousand_deep_is_damage_read_in_bounded_memory(
    tmp_path: Path, closed: bool
) -> None:
    import time
    import tracemalloc

    deep = b"[" * 100_000 + (b"]" * 100_000 + b"," if closed else b"")
    good = (FIXTURES / "facebook-v2" / "logins_and_logouts.json").read_bytes()
    at = good.index(b"[") + 1  # as the first item of the list of sign-ins
    archive = make_zip(tmp_path / "fb.zip", {FB + "logins_and_logouts.json": good[:at] + deep + good[at:]})
    tracemalloc.start()
    began = time.monotonic()
    result = run(FacebookSessions, inputs={"facebook": archive})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.monotonic() - began < 20
    assert peak < 200 * 1024**2, peak
    _not_clean_and_no_fault(result)
    assert any("logins_and_logouts.json" in g for g in result.gaps), result.gaps


GOOD_CSV = (FIXTURES / "takeout-2023" / "Activities - A list of Google services accessed by.csv").read_bytes()


def _takeout(tmp_path: Path, data: bytes):  # type: ignore[no-untyped-def]
    return run(GoogleSessions, inputs={"takeout": make_zip(tmp_path / "takeout.zip", {LOG: data})})


def test_a_sign_in_with_a_user_agent_past_the_csv_field_limit_is_never_dropped_silently(
    tmp_path: Path,
) -> None:
    lines = GOOD_CSV.split(b"\n")
    row = lines[1].split(b",")
    agent = next(i for i, cell in enumerate(row) if cell.startswith(b'"'))
    row[agent] = b'"' + b"Mozilla/5.0 " * 20_000 + b'"'  # 240 KB, past csv's 128 KiB
    hidden = b"\n".join([lines[0], b",".join(row), *lines[2:]])
    result = _takeout(tmp_path, hidden)
    _not_clean_and_no_fault(result)
    assert any("1 row of" in g for g in result.gaps), result.gaps


def test_rows_run_together_by_damage_are_a_gap(tmp_path: Path) -> None:
    lines = GOOD_CSV.split(b"\n")
    merged = b"\n".join([lines[0], lines[1].rstrip(b"\r") + b"," + lines[2], *lines[3:]])
    result = _takeout(tmp_path, merged)
    _not_clean_and_no_fault(result)
    assert any("could not be read" in g for g in result.gaps), result.gaps


def test_a_header_that_lost_columns_is_a_gap(tmp_path: Path) -> None:
    header, rest = GOOD_CSV.split(b"\n", 1)
    cells = header.split(b",")
    damaged = b",".join(cells[:4] + cells[6:]) + b"\n" + rest  # two column names gone, every row now too wide
    _not_clean_and_no_fault(_takeout(tmp_path, damaged))


def test_a_row_with_bytes_that_are_not_text_is_read_and_named(tmp_path: Path) -> None:
    lines = GOOD_CSV.split(b"\n")
    damaged = b"\n".join([lines[0], lines[1], lines[2].replace(b"Mozilla", b"Moz\xffilla", 1), *lines[3:]])
    result = _takeout(tmp_path, damaged)
    _not_clean_and_no_fault(result)
    assert result.looked_at[0].startswith("3 sign-ins"), result.looked_at
    assert any("bytes that are not text" in g for g in result.gaps), result.gaps


@pytest.mark.parametrize(
    "damage",
    [(b'"timestamp"', b'"ti\\ud800mestamp"'), (b'"timestamp"', b'"timestamp": 0, "timestamp"')],
    ids=["lone-surrogate-escape", "repeated-key"],
)
def test_json_that_parses_only_by_accident_is_a_gap(tmp_path: Path, damage: tuple[bytes, bytes]) -> None:
    good = (FIXTURES / "instagram-en" / "login_activity.json").read_bytes()
    damaged = good.replace(damage[0], damage[1], 1)
    archive = make_zip(
        tmp_path / "ig.zip",
        {"security_and_login_information/login_and_account_creation/login_activity.json": damaged},
    )
    result = run(InstagramSessions, inputs={"instagram": archive})
    _not_clean_and_no_fault(result)
    assert any("login_activity.json" in g for g in result.gaps), result.gaps


@pytest.mark.parametrize(
    ("old", "new"),
    [(b"Mozilla", b"Moz\x00illa"), (b"Proxiedhost IP Address", b"Proxied\xb3\x85host IP Address")],
    ids=["nul-in-a-cell", "header-not-text"],
)
def test_a_nul_or_a_column_name_that_is_not_text_is_a_gap(tmp_path: Path, old: bytes, new: bytes) -> None:
    result = _takeout(tmp_path, GOOD_CSV.replace(old, new, 1))
    _not_clean_and_no_fault(result)
    assert any("bytes that are not text" in g for g in result.gaps), result.gaps


def test_a_row_that_lost_a_cell_is_a_gap(tmp_path: Path) -> None:
    lines = GOOD_CSV.split(b"\n")
    damaged = b"\n".join(
        [lines[0], lines[1].replace(b",,", b",", 1), *lines[2:]]
    )  # the columns after it shift
    _not_clean_and_no_fault(_takeout(tmp_path, damaged))


@pytest.mark.parametrize(
    "content",
    [
        b'window.YTD.ip_audit.part0 = [ {\n  "ipAudit" : {\n    "accountId" : "1",\x0b    "loginIp" : "192.0.2.200"\n  }\n} ]',
        b'window.YTow.YTow.YTD.ip_audit.part0 = [ { "ipAudit" : { "accountId" : "1", "loginIp" : "192.0.2.200" } } ]',
        b'window.YT.ip_audit.part0 = [ { "ipAudit" : { "accountId" : "1", "loginIp" : "192.0.2.200" } } ]',
    ],
    ids=["control-character-as-space", "prefix-repeated", "prefix-cut"],
)
def test_a_damaged_x_file_is_a_gap(tmp_path: Path, content: bytes) -> None:
    from checks.sessions.checks import XSessions

    folder = tmp_path / "x" / "data"
    folder.mkdir(parents=True)
    (folder / "ip-audit.js").write_bytes(content)
    result = run(XSessions, inputs={"x": folder.parent})
    _not_clean_and_no_fault(result)
    assert result.gaps


EXAMPLE = Path(__file__).resolve().parents[3] / "checks" / "sessions" / "examples" / "takeout"
DEVICES = "Takeout/Access Log Activity/Devices - A list of devices (i.e. Nest, Pixel, iPh.csv"


def test_a_stray_quote_inside_a_quoted_cell_is_a_gap(tmp_path: Path) -> None:
    lines = GOOD_CSV.split(b"\n")
    damaged = b"\n".join([lines[0], lines[1], lines[2].replace(b"(Windows", b'(Win"dows', 1), *lines[3:]])
    result = _takeout(tmp_path, damaged)
    _not_clean_and_no_fault(result)
    assert any("1 row of" in g for g in result.gaps), result.gaps


def test_a_quoted_cell_cut_open_that_swallows_the_next_row_is_a_gap(tmp_path: Path) -> None:
    lines = GOOD_CSV.split(b"\n")
    cut = lines[2].index(b"Chrome/") + len(b"Chrome/")
    swallowed = (
        lines[2][:cut] + lines[3][len(b"111111111111,") :]
    )  # the next row's start deleted with the end
    result = _takeout(tmp_path, b"\n".join([lines[0], lines[1], swallowed, *lines[4:]]))
    _not_clean_and_no_fault(result)
    assert any("1 row of" in g for g in result.gaps), result.gaps


def test_a_stray_quote_in_a_device_s_last_location_is_a_gap(tmp_path: Path) -> None:
    members = {str(p.relative_to(EXAMPLE)): p.read_bytes() for p in EXAMPLE.rglob("*.csv") if p.is_file()}
    members[DEVICES] = members[DEVICES].replace(b"Time: 2026-11-29", b'Time: 2026-11-"9', 1)
    assert b'11-"9' in members[DEVICES]
    result = run(GoogleSessions, inputs={"takeout": make_zip(tmp_path / "takeout.zip", members)})
    _not_clean_and_no_fault(result)
    assert any("Devices" in g for g in result.gaps), result.gaps


IG_LOGINS = "security_and_login_information/login_and_account_creation/login_activity.json"


def test_an_emoji_escaped_as_a_surrogate_pair_at_the_very_end_is_text_not_damage(tmp_path: Path) -> None:
    import json

    good = json.loads((FIXTURES / "instagram-en" / "login_activity.json").read_text(encoding="utf-8"))
    entries = good["account_history_login_history"][0]["string_map_data"]
    entries["User Agent"] = {"value": "\U00010000"}  # ends the file as \ud800\udc00"}}}]}: once read as lone
    archive = make_zip(tmp_path / "ig.zip", {IG_LOGINS: json.dumps(good)})
    result = run(InstagramSessions, inputs={"instagram": archive})
    assert not result.gaps, result.gaps


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"value": "203.0.113.50"', b'"value": 203'),
        (b'"timestamp": 1704103200', b'"timestamp": "1704103200"'),
    ],
    ids=["address-a-number", "time-a-string"],
)
def test_an_instagram_entry_of_a_type_meta_never_writes_is_named(
    tmp_path: Path, old: bytes, new: bytes
) -> None:
    good = (FIXTURES / "instagram-en" / "login_activity.json").read_bytes()
    damaged = good.replace(old, new, 1)
    assert damaged != good
    result = run(InstagramSessions, inputs={"instagram": make_zip(tmp_path / "ig.zip", {IG_LOGINS: damaged})})
    _not_clean_and_no_fault(result)
    assert any("in a form the export never has" in g for g in result.gaps), result.gaps


@pytest.mark.parametrize(
    "after", [b'"}]}', b' {"more": 1}', b' "x"'], ids=["open-string", "second-object", "second-value"]
)
def test_text_after_the_end_of_a_json_file_is_damage(after: bytes) -> None:
    import io

    from checks.sessions.sources.json_stream import json_records
    from cybercheck.errors import DamagedInput

    document = b'{"account_accesses_v2": [{"action": "Login", "ip_address": "203.0.113.9"}]}'
    assert len(list(json_records(io.BytesIO(document), "x.json"))) == 1
    with pytest.raises(DamagedInput):
        list(json_records(io.BytesIO(document + after), "x.json"))


def test_a_whole_json_document_cut_anywhere_ends_outside_a_string() -> None:
    import json

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from checks.sessions.sources.json_stream import _QuoteParity

    values = st.recursive(
        st.text() | st.integers() | st.none(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )

    @settings(max_examples=150, deadline=None)
    @given(values, st.integers(min_value=0, max_value=400))
    def check(value: object, cut: int) -> None:
        data = json.dumps(value).encode()
        cut = min(cut, len(data))
        parity = _QuoteParity()
        parity.feed(data[:cut])
        parity.feed(data[cut:])
        assert not parity.inside

    check()


TAKEOUT_2019 = (
    FIXTURES / "takeout-2019" / "Activities - A list of Google services accessed by.csv"
).read_bytes()


def _takeout_2019(tmp_path: Path, data: bytes):  # type: ignore[no-untyped-def]
    """The 2019 export, whose device list alone would let a damaged activity log end clean."""
    devices = "Takeout/Access Log Activity/Devices - A list of devices (i.e. Nest, Pixel, iPh.csv"
    device_list = (
        FIXTURES / "takeout-2019" / "Devices - A list of devices (i.e. Nest, Pixel, iPh.csv"
    ).read_bytes()
    return run(
        GoogleSessions,
        inputs={"takeout": make_zip(tmp_path / "takeout.zip", {LOG: data, devices: device_list})},
    )


@pytest.mark.parametrize(
    "damaged",
    [
        TAKEOUT_2019[
            : TAKEOUT_2019.index(b"\n") + 2
        ],  # cut just inside the first row: only its opening quote
        TAKEOUT_2019[: TAKEOUT_2019.rindex(b'"Jun') + 5],  # cut inside the last row's quoted time
        TAKEOUT_2019[:90].replace(
            b"Product Name", b'"roduct Name', 1
        ),  # cut in the header, a quote never closed
        TAKEOUT_2019.replace(
            b"Country Code,City", b"Country Code{City", 1
        ),  # one column fewer: an empty cell over
    ],
)
def test_a_takeout_activity_log_cut_short_or_with_a_column_lost_is_a_gap(
    tmp_path: Path, damaged: bytes
) -> None:
    assert _takeout_2019(tmp_path, TAKEOUT_2019).status is Status.CLEAN
    _not_clean_and_no_fault(_takeout_2019(tmp_path, damaged))


def test_a_line_of_a_few_empty_cells_is_damage_but_a_spreadsheets_empty_row_is_not(tmp_path: Path) -> None:
    header, _, rest = TAKEOUT_2019.partition(b"\n")
    width = header.count(b",") + 1
    assert _takeout_2019(tmp_path, header + b"\n,\n" + rest).status is not Status.CLEAN
    assert _takeout_2019(tmp_path, header + b"\n" + b"," * (width - 1) + b"\n" + rest).status is Status.CLEAN
