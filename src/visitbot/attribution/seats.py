"""Seats of power and honorifics ("the Kremlin", "Downing Street", "Akorda", "Elbasy") as roles
of the people who hold the office they stand for.

The press writes "the Kremlin said" for Russia's president, "Elbasy noted" for Kazakhstan's
first president. Which seat stands for which office of which country is a small data file
(``data/seats.json``); a person gets a seat as a role when one of their roles is that office of
that country. Like every role it then names only a person the document names, so "the Kremlin"
in an article about a meeting in 1990 never reaches a president of 2024.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from pydantic import BaseModel

from visitbot.attribution.countries import country_forms
from visitbot.corpus import BUILTIN_PACKAGE
from visitbot.models import Person

SEATS_FILE = "seats.json"
_FILLER = re.compile(r"\b(?:of|the|for|and)\b|['’`]s\b")


class Seat(BaseModel):
    form: str
    country: str
    office: str


class _SeatsFile(BaseModel):
    seats: list[Seat]


@cache
def seats() -> tuple[Seat, ...]:
    text = resources.files(BUILTIN_PACKAGE).joinpath(SEATS_FILE).read_text(encoding="utf-8")
    return tuple(_SeatsFile.model_validate(json.loads(text)).seats)


def _office_of(role: str, countries: frozenset[str]) -> str:
    """The office a role names once its country is taken out ("Russian President" →
    "president"; "President of the Russian Federation" → "president")."""
    text = role.lower()
    for form in sorted(countries, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(form.lower())}\b", " ", text)
    return " ".join(_FILLER.sub(" ", text).split())


def _of_country(role: str, countries: frozenset[str]) -> bool:
    lowered = role.lower()
    return any(re.search(rf"\b{re.escape(f.lower())}\b", lowered) for f in countries)


def seat_roles(person: Person) -> list[str]:
    """The seats that stand for an office this person holds."""
    found: list[str] = []
    for seat in seats():
        countries = country_forms(seat.country) or frozenset({seat.country})
        office = seat.office.lower()
        if any(
            _of_country(role, countries) and _office_of(role, countries) == office
            for role in person.roles
        ):
            found.append(seat.form)
    return found
