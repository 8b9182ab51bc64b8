"""DNS logs in each supported format (tests/fixtures/network/README.md names them)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from checks.network.sources.dnslog import parse_dnslog, read_dnslog
from cybercheck.errors import DamagedInput

FIXTURES = Path(__file__).parents[2] / "fixtures" / "network"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def test_dnsmasq_log() -> None:
    read = read_dnslog(FIXTURES / "dnsmasq.log", now=NOW)
    by_name = {n.name: n for n in read.names}
    assert set(by_name) == {"connectivitycheck.gstatic.com", "media-sync-a100.thetruthspy.com", "home.duckdns.org", "nosuch.example.net"}
    c2 = by_name["media-sync-a100.thetruthspy.com"]
    assert c2.count == 2 and c2.addresses == ("203.0.113.50",) and c2.clients == ("192.168.1.23",)
    assert c2.first == datetime(2026, 12, 1, 0, 0, 1, tzinfo=timezone.utc)
    # a line from November read on 1 December belongs to this year, and one from December
    # read in January to the year before
    assert by_name["connectivitycheck.gstatic.com"].first.year == 2026
    january = read_dnslog(FIXTURES / "dnsmasq.log", now=datetime(2027, 1, 2, tzinfo=timezone.utc))
    assert {n.name: n for n in january.names}["media-sync-a100.thetruthspy.com"].first.year == 2026
    assert by_name["nosuch.example.net"].addresses == ()
    assert read.skipped_malformed == 1 and read.kind == "dnslog"  # other programs' lines are not damage


def test_dnsmasq_extra_log() -> None:
    read = read_dnslog(FIXTURES / "dnsmasq-extra.log", now=NOW)
    assert {(n.name, n.addresses) for n in read.names} == {("api.example.com", ("198.51.100.4",)), ("family.microsoft.com", ())}


def test_pihole_log() -> None:
    read = read_dnslog(FIXTURES / "pihole.log", now=NOW)
    assert {n.name for n in read.names} == {"www.google.com", "ads.example.net", "www.mspy.com"}
    assert read.source == "dnsmasq/Pi-hole log pihole.log" and read.skipped_malformed == 0


def test_plain_list() -> None:
    read = read_dnslog(FIXTURES / "names.txt", now=NOW)
    assert {n.name for n in read.names} == {"www.google.com", "media-sync-a100.thetruthspy.com", "ads.example.net"}
    assert read.skipped_malformed == 1  # the line "not a name!", counted once


def test_single_label_names_are_normal_lookups_not_damage() -> None:
    """The router's own host name and Chrome's random probes appear in every home network's log."""
    log = (
        "Dec  1 10:00:01 dnsmasq[812]: query[A] fritz from 192.168.1.23\n"
        "Dec  1 10:00:02 dnsmasq[812]: query[A] qwkzjfhbxp from 192.168.1.23\n"
        "Dec  1 10:00:02 dnsmasq[812]: query[AAAA] wpad. from 192.168.1.24\n"
        "Dec  1 10:00:03 dnsmasq[812]: query[A] api.example.com from 192.168.1.23\n"
        "Dec  1 10:00:04 dnsmasq[812]: query[A] bad..name! from 192.168.1.23\n"
    )
    read = parse_dnslog(log, source="pihole.log", now=NOW)
    assert [n.name for n in read.names] == ["api.example.com"]
    assert read.skipped_malformed == 1  # only the line that is no name at all
    listed = parse_dnslog("router\napi.example.com\nlocalhost\n", source="names.txt", now=NOW)
    assert ([n.name for n in listed.names], listed.skipped_malformed) == (["api.example.com"], 0)


def test_a_log_of_something_else_is_not_read_word_by_word() -> None:
    """BIND's denial lines or a web server's log: words picked from them are not lookups."""
    other = "example.com\n" + "19-Oct-2022 05:34:02.425 client 104.219.136.31#3076 (example.com): denied\n" * 3
    with pytest.raises(DamagedInput, match="3 of its 4 lines"):
        parse_dnslog(other, source="bind.log", now=NOW)


@pytest.mark.parametrize("text", ["", "\n\n", "just some words here\n", "<html><body>hello</body></html>"])
def test_a_file_without_names_is_refused(text: str) -> None:
    with pytest.raises(DamagedInput, match="No DNS names"):
        parse_dnslog(text, source="x", now=NOW)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "capture.bin"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(DamagedInput, match="not a text file"):
        read_dnslog(path, now=NOW)


def test_names_dnsmasq_could_not_print_are_a_gap_not_damage(tmp_path: Path) -> None:
    log = tmp_path / "dnsmasq.log"
    log.write_text(
        "Aug  9 09:06:36 dnsmasq[1]: query[NULL] yrbqlj.example.net from 172.18.0.3\n"
        "Aug  9 09:06:36 dnsmasq[1]: query[NULL] <name unprintable> from 172.18.0.3\n"
        "Aug  9 09:06:36 dnsmasq[1]: forwarded <name unprintable> to 172.18.0.2\n"
        "Aug  9 09:25:12 dnsmasq[1]: reply <name unprintable> is <SRV>\n"
    )
    read = read_dnslog(log, now=NOW)
    assert [n.name for n in read.names] == ["yrbqlj.example.net"]
    assert read.skipped_malformed == 0
    assert len(read.notes) == 1 and "1 name looked up" in read.notes[0] and "<name unprintable>" in read.notes[0]
