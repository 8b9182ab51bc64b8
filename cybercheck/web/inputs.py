"""The fields of a proposed check's page: the files, folders and values it reads, and the secrets it asks for.

A support worker at the page needs each thing named the way she knows it: every input's label
and hint come from the words of the check's area (`inputs:` and `secrets:` in its words.yaml),
and whether it is a file or folder from the check's declared `Input`s. An input with no words
is shown with its name and the check's own words for the need. Nothing here knows any check.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercheck.guide.session import GuideSession
from cybercheck.pipeline.check import Check, Need
from cybercheck.pipeline.words import input_words, secret_words, text

SECRET_HINT = "cybercheck.web-secret-hint"  # the words key of what a password field says under it


@dataclass(frozen=True, slots=True)
class InputField:
    """One input a proposed check reads: what to call it, how to give it, and what is given so far."""

    name: str
    label: str
    hint: str
    value: str
    needed: bool
    path: bool  # a file or folder, so the page offers the file chooser


@dataclass(frozen=True, slots=True)
class SecretField:
    """A password or key a proposed check needs, typed into a password field."""

    name: str
    label: str
    hint: str


def label(area: str, name: str) -> str:
    """How the page names an input, looking first in the words of `area`."""
    found = input_words(area, name)
    return found.label if found else name.replace("-", " ").replace("_", " ").capitalize()


def input_fields(
    check: type[Check] | None, session: GuideSession, chosen: dict[str, str]
) -> tuple[InputField, ...]:
    """Every input the check reads (those it needs, then those it can use), with the value given or chosen.

    A value already given is shown so that it can be changed: giving it again replaces it.
    """
    if check is None:
        return ()
    fields = [
        _field(need.names[0], need, check, session, chosen) for need in check.needs if need.kind == "input"
    ]
    needed = {name for need in check.needs for name in need.names}
    optional = [i.name for i in check.inputs if i.kind != "secret"] + list(check.example_inputs)
    fields += [
        _field(name, None, check, session, chosen) for name in dict.fromkeys(optional) if name not in needed
    ]
    return tuple(fields)


def _field(
    name: str, need: Need | None, check: type[Check], session: GuideSession, chosen: dict[str, str]
) -> InputField:
    given = session.given(name, check.id)
    value = chosen.get(name, given[0] if len(given) == 1 else "")
    area = check.id.partition(".")[0]
    known = input_words(area, name)
    hint = known.hint if known else (check.how_guided(need) if need else "")
    if len(given) > 1 and name not in chosen:
        hint += " " + text("cybercheck.web-input-given-already", count=len(given))
    declared = next((i for i in check.inputs if i.name == name), None)
    path = declared.is_path if declared else True
    return InputField(name, label(area, name), hint, value, needed=need is not None, path=path)


def secret_fields(check: type[Check] | None, needs: tuple[Need, ...]) -> tuple[SecretField, ...]:
    """A password field for each secret a check needs that is not known yet."""
    if check is None:
        return ()
    area = check.id.partition(".")[0]
    return tuple(SecretField(n.names[0], _secret_label(area, n.names[0]), check.how_guided(n)) for n in needs)


def _secret_label(area: str, name: str) -> str:
    found = secret_words(area, name)
    return found.label if found else name.replace("-", " ").capitalize()
