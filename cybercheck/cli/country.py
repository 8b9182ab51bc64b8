"""The --country option's type: whatever people type for a country, checked against the list."""

from __future__ import annotations

import click


class CountryParam(click.ParamType[str]):
    """A country name, alias or code ("UK", "Deutschland", "gb-sct"); the code is what reaches the command."""

    name = "country"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        # NOTE: imported here, so that start-up (and --help) reads no data file.
        from cybercheck.advice import countries

        try:
            return countries.parse(str(value))
        except countries.UnknownCountry as error:
            self.fail(countries.explain(error), param, ctx)


COUNTRY = CountryParam()
