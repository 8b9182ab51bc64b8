"""The --country option's type: whatever people type for a country, checked against the list."""

from __future__ import annotations

import click

from cybercheck.advice import countries


def problem(error: countries.UnknownCountry) -> str:
    """The sentence for a country that is not in the list, with the closest names."""
    from cybercheck.advice.helplines import say

    parts = [say("country.unknown", typed=error.typed)]
    if error.suggestions:
        parts.append(say("country.suggest", suggestions=" or ".join(error.suggestions)))
    parts.append(say("country.how"))
    return " ".join(parts)


class CountryParam(click.ParamType):
    """A country name, alias or code ("UK", "Deutschland", "gb-sct"); the code is what reaches the command."""

    name = "country"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return countries.parse(str(value))
        except countries.UnknownCountry as error:
            self.fail(problem(error), param, ctx)


COUNTRY = CountryParam()
