"""The fast ways of reading indicator files read exactly what the plain ways read."""

from __future__ import annotations

import csv
import io
import json
import shutil
import string
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cybercheck.indicators.load import (
    add_samples,
    compiled_form,
    from_compiled,
    packaged_set,
    packaged_set_from_files,
    packaged_texts,
    set_from_texts,
)
from cybercheck.indicators.sets import INDEXES, IndicatorSet, Threat, ThreatKind, normal_hex
from cybercheck.indicators.stix2 import _PATTERN, _SIMPLE

MSPY = Threat("mSpy", ThreatKind.STALKERWARE)
_PIECE = st.text(alphabet=string.ascii_letters + string.digits + "_.-' :=\\[]/", max_size=20)


@settings(max_examples=300, deadline=None)
@given(_PIECE, _PIECE, _PIECE, st.sampled_from(["=", " = ", " =", "= ", "  =  "]))
def test_a_pattern_read_the_quick_way_reads_as_the_full_grammar_reads_it(
    kind: str, prop: str, value: str, equals: str
) -> None:
    pattern = f"[{kind}:{prop}{equals}'{value}']"
    quick = _SIMPLE.fullmatch(pattern)
    if quick is None:
        return
    full = _PATTERN.match(pattern)
    assert full is not None
    assert quick.groups() == (
        full["type"],
        full["prop"],
        full["value"].replace("\\'", "'").replace("\\\\", "\\"),
    )


def _samples_as_dict_reader(
    indicators: IndicatorSet, samples_csv: str, by_name: Mapping[str, Threat]
) -> None:
    """Echap's samples.csv read with csv.DictReader, as before."""
    for row in csv.DictReader(io.StringIO(samples_csv)):
        threat = by_name.get(str(row.get("App") or "").strip().lower())
        if threat is None:
            continue
        digest = normal_hex(str(row.get("SHA256") or ""))
        if len(digest) == 64 and all(c in "0123456789abcdef" for c in digest):
            indicators.apk_sha256.setdefault(digest, threat)
        certificate = normal_hex(str(row.get("Certificate") or ""))
        if certificate.isdigit() and len(certificate) < 40:
            certificate = certificate.zfill(40)
        if certificate and all(c in "0123456789abcdef" for c in certificate):
            indicators.certificates.setdefault(certificate, threat)


SHA = "a" * 64
_CELL = st.sampled_from(
    ["mSpy", "mspy ", "other", "", SHA, SHA.upper(), "12:34", "123", "App", "SHA256", "Certificate", "x,y"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=5), max_size=6))
def test_samples_are_read_as_a_dict_reader_reads_them(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    fast, plain = IndicatorSet("v", "s"), IndicatorSet("v", "s")
    add_samples(fast, buffer.getvalue(), {"mspy": MSPY})
    _samples_as_dict_reader(plain, buffer.getvalue(), {"mspy": MSPY})
    assert (fast.apk_sha256, fast.certificates) == (plain.apk_sha256, plain.certificates)


def test_the_packaged_set_is_the_set_its_files_make() -> None:
    packaged = packaged_set()
    from_texts = set_from_texts(packaged_texts(), version="v", source="s")
    assert packaged.threats == from_texts.threats
    for name in INDEXES:
        assert getattr(packaged, name) == getattr(from_texts, name), name


def _same(one: IndicatorSet, other: IndicatorSet) -> None:
    assert one.threats == other.threats and (one.version, one.source) == (other.version, other.source)
    for name in INDEXES:
        assert getattr(one, name) == getattr(other, name), name


def test_the_compiled_set_reads_back_as_the_set_it_was_made_from() -> None:
    made = packaged_set_from_files()
    read = from_compiled(json.loads(json.dumps(compiled_form(made))))
    _same(read, made)
    threats = {id(t) for t in read.threats}
    assert all(id(t) in threats for name in INDEXES for t in getattr(read, name).values())


class _Folder:
    """resources.files for the packaged indicator data, from a folder of the test's."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def files(self, _package: str) -> Path:
        return self.folder


def test_the_compiled_set_is_read_first_and_a_damaged_one_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cybercheck.indicators import load

    shutil.copy(Path(load.__file__).parent / "data" / "samples.csv", tmp_path / "samples.csv")
    monkeypatch.setattr(load, "resources", _Folder(tmp_path))
    compiled = compiled_form(packaged_set_from_files())
    compiled["threats"][0][0] = "Read from the compiled set"
    (tmp_path / load.COMPILED_SET).write_text(json.dumps(compiled), encoding="utf-8")
    assert packaged_set().threats[0].name == "Read from the compiled set"
    (tmp_path / load.COMPILED_SET).write_text('{"threats": [["cut short"', encoding="utf-8")
    _same(packaged_set(), packaged_set_from_files())
