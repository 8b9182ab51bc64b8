"""The offline Pwned Passwords corpus: both layouts, SHA-1 and NTLM, damaged and cut-short files."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.passwords.hashing import ntlm_hex, sha1_hex
from checks.passwords.sources import corpus as corpus_module
from checks.passwords.sources.corpus import FolderCorpus, SortedCorpus, corpus_counts, open_corpus
from cybercheck.errors import DamagedInput
from cybercheck.secrets import Secret

KNOWN = {"P@ssw0rd": 52579, "password": 9545824, "Tulip-hedge-42": 3, "hunter2": 17}


def _table(hasher, extra: int = 3000, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    width = 40 if hasher is sha1_hex else 32
    table = {f"{rng.getrandbits(width * 4):0{width}X}": rng.randrange(1, 1000) for _ in range(extra)}
    table.update({hasher(Secret(p)): c for p, c in KNOWN.items()})
    return table


def test_ntlm_matches_known_values() -> None:
    assert ntlm_hex(Secret("password")) == "8846F7EAEE8FB117AD06BDD830B7586C"
    assert sha1_hex(Secret("P@ssw0rd")) == "21BD12DC183F740EE76F27B78EB39C8AD972A757"


@pytest.mark.parametrize("hasher", [sha1_hex, ntlm_hex])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_sorted_file_finds_first_last_and_absent(tmp_path: Path, sorted_corpus, hasher, newline: str, final: bool) -> None:
    table = _table(hasher)
    path = sorted_corpus(tmp_path / "pwnedpasswords.txt", table, newline=newline, final=final)
    corpus = open_corpus(path)
    assert isinstance(corpus, SortedCorpus)
    assert corpus.kind == ("SHA-1" if hasher is sha1_hex else "NTLM")
    assert not corpus.truncated
    ordered = sorted(table)
    assert corpus.count(ordered[0]) == table[ordered[0]]
    assert corpus.count(ordered[-1]) == table[ordered[-1]]
    for key in random.Random(3).sample(ordered, 200):
        assert corpus.count(key) == table[key]
    assert corpus.count("0" * len(ordered[0])) == table.get("0" * len(ordered[0]), 0)
    assert corpus.count("F" * len(ordered[0])) == 0
    lookup = corpus_counts(corpus, [Secret(p) for p in KNOWN] + [Secret("absent-password-xyz")], least=0)
    assert lookup.counts == (*KNOWN.values(), 0)
    corpus.close()


def test_an_excerpt_of_the_list_cannot_say_a_password_is_absent(tmp_path: Path, sorted_corpus) -> None:
    """Five lines given as the whole list: found is found, but absent is a gap, never clean."""
    table = dict(sorted(_table(sha1_hex).items())[:5])
    table[sha1_hex(Secret("P@ssw0rd"))] = 52579
    corpus = open_corpus(sorted_corpus(tmp_path / "pwnedpasswords.txt", table))
    assert isinstance(corpus, SortedCorpus) and corpus.lines < 10
    lookup = corpus_counts(corpus, [Secret("P@ssw0rd"), Secret("absent-password-xyz")])
    assert lookup.counts == (52579, None)
    assert lookup.failed == (1,)
    assert "only part of the list" in lookup.problems[0]
    corpus.close()


def test_sorted_file_in_lower_case(tmp_path: Path, sorted_corpus) -> None:
    table = {k.lower(): v for k, v in _table(sha1_hex).items()}
    corpus = open_corpus(sorted_corpus(tmp_path / "c.txt", table))
    assert corpus_counts(corpus, [Secret("P@ssw0rd")]).counts == (52579,)


def test_truncated_file_cannot_vouch_past_its_end(tmp_path: Path, sorted_corpus) -> None:
    table = _table(sha1_hex)
    path = sorted_corpus(tmp_path / "c.txt", table)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 7])  # cut in the middle of a line
    corpus = open_corpus(path)
    assert corpus.truncated
    ordered = sorted(table)
    early = ordered[10]
    assert corpus.count(early) == table[early]
    assert corpus.count("0" * 39 + "1") == table.get("0" * 39 + "1", 0)  # before the cut: really absent
    with pytest.raises(DamagedInput, match="cut short"):
        corpus.count("F" * 40)
    lookup = corpus_counts(corpus, [Secret(p) for p in KNOWN])
    late = [i for i, p in enumerate(KNOWN) if sha1_hex(Secret(p)) > corpus._last_key.decode()]
    assert list(lookup.failed) == late
    assert lookup.problems


def test_unsorted_or_foreign_files_are_refused(tmp_path: Path) -> None:
    table = _table(sha1_hex)
    by_count = sorted(table.items(), key=lambda kv: -kv[1])
    unsorted = tmp_path / "ordered-by-count.txt"
    unsorted.write_text("\n".join(f"{k}:{v}" for k, v in by_count) + "\n")
    with pytest.raises(DamagedInput, match="not sorted by hash"):
        open_corpus(unsorted)
    other = tmp_path / "notes.txt"
    other.write_text("hello world\n")
    with pytest.raises(DamagedInput, match="not a Pwned Passwords corpus"):
        open_corpus(other)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(DamagedInput, match="empty"):
        open_corpus(empty)


@pytest.mark.parametrize("hasher", [sha1_hex, ntlm_hex])
def test_folder_layout(tmp_path: Path, folder_corpus, hasher) -> None:
    table = _table(hasher, extra=300)
    folder = folder_corpus(tmp_path / "pwnedpasswords", table)
    corpus = open_corpus(folder)
    assert isinstance(corpus, FolderCorpus)
    assert corpus.kind == ("SHA-1" if hasher is sha1_hex else "NTLM")
    ordered = sorted(table)
    assert corpus.count(ordered[0]) == table[ordered[0]]
    assert corpus.count(ordered[-1]) == table[ordered[-1]]
    absent = ordered[0][:5] + "0" * (len(ordered[0]) - 5)
    assert corpus.count(absent) == table.get(absent, 0)
    lookup = corpus_counts(corpus, [Secret(p) for p in KNOWN])
    assert lookup.counts == tuple(KNOWN.values())


def test_folder_missing_a_range_file_is_a_gap(tmp_path: Path, folder_corpus) -> None:
    folder = folder_corpus(tmp_path / "ranges", {sha1_hex(Secret("hunter2")): 17})
    lookup = corpus_counts(open_corpus(folder), [Secret("hunter2"), Secret("P@ssw0rd")])
    assert lookup.counts == (17, None)
    assert "missing" in lookup.problems[0]


def test_folder_with_a_damaged_range_file_is_a_gap(tmp_path: Path, folder_corpus) -> None:
    full = sha1_hex(Secret("hunter2"))
    folder = folder_corpus(tmp_path / "ranges", {full: 17, sha1_hex(Secret("P@ssw0rd")): 4})
    (folder / f"{full[:5]}.txt").write_bytes(b"<html>")
    lookup = corpus_counts(open_corpus(folder), [Secret("hunter2"), Secret("P@ssw0rd")])
    assert lookup.counts == (None, 4)


def test_folder_that_is_not_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(DamagedInput, match="holds no files named like"):
        open_corpus(tmp_path / "x")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sets(st.binary(min_size=20, max_size=20), min_size=1, max_size=400),
    st.lists(st.binary(min_size=20, max_size=20), max_size=20),
    st.sampled_from(["\n", "\r\n"]),
)
def test_sorted_search_agrees_with_a_set(tmp_path_factory, sorted_corpus, present: set[bytes], probes: list[bytes], newline: str) -> None:
    table = {p.hex().upper(): 1 + i for i, p in enumerate(sorted(present))}
    path = sorted_corpus(tmp_path_factory.mktemp("c") / "c.txt", table, newline=newline)
    corpus = open_corpus(path)
    with patch.object(corpus_module, "_WINDOW", 100):  # make the interpolation do the work
        for probe in probes + list(present)[:20]:
            key = probe.hex().upper()
            assert corpus.count(key) == table.get(key, 0)
    corpus.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=3000))
def test_any_file_opens_or_is_refused_plainly(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("c") / "c.txt"
    path.write_bytes(data)
    try:
        corpus = open_corpus(path)
    except DamagedInput:
        return
    try:
        corpus.count(hashlib.sha1(data).hexdigest().upper())
    except DamagedInput:
        pass
    corpus.close()
