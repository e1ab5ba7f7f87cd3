"""Countries and the words English uses for them and their people, so "the Belarusian
President" can be matched to "Belarus President Aleksandr Lukashenko".

Names, other spellings and demonyms come from the countryinfo package (255 countries); the one
rule added here is how English shortens the "-stan" countries: Kazakhstan → Kazakh, Uzbekistan →
Uzbek (the library gives "Kazakhstani", which press uses less often).
"""

from __future__ import annotations

import re
from functools import cache

from countryinfo import all_countries

_STAN = re.compile(r"^(?P<stem>[A-Z][a-z]+?)i?stan$")
"""'-stan' ('land of'): the people's name is the stem."""
_CODE = re.compile(r"^[A-Z]{2,3}$")
"""ISO codes (KZ, USA): written before a title only as US and UK, which press spells U.S. too."""
_PRESS_CODES = frozenset({"US", "UK"})


def _forms(name: str, spellings: list[str], demonym: str) -> set[str]:
    forms = {name, demonym} if demonym else {name}
    for spelling in spellings:
        if not spelling.isascii():
            continue
        if _CODE.match(spelling):
            if spelling in _PRESS_CODES:
                forms |= {spelling, ".".join(spelling) + "."}
            continue
        forms.add(spelling)
    for form in list(forms):
        stan = _STAN.match(form)
        if stan:
            forms.add(stan["stem"])
    return {f for f in forms if f}


@cache
def _table() -> dict[str, frozenset[str]]:
    """Every form (lower case) → all forms of its country."""
    table: dict[str, frozenset[str]] = {}
    for country in all_countries():
        info = country.info()
        name = str(info.get("name") or "")
        if not name:
            continue
        forms = frozenset(
            _forms(name, list(info.get("altSpellings") or []), str(info.get("demonym") or ""))
        )
        for form in forms:
            table.setdefault(form.lower(), forms)
    return table


@cache
def country_forms(word: str) -> frozenset[str]:
    """All the ways to write the country a word names ('Belarus' → Belarus, Belarusian, …);
    empty when the word names no country. A possessive ('Azerbaijan’s') names its country."""
    key = re.sub(r"['’]s$", "", word.strip()).lower()
    return _table().get(key, frozenset())


@cache
def _by_domain() -> dict[str, frozenset[str]]:
    """Country code top-level domain ('.kz') → all forms of its country."""
    table: dict[str, frozenset[str]] = {}
    for country in all_countries():
        info = country.info()
        forms = country_forms(str(info.get("name") or ""))
        for tld in info.get("tld") or ():
            if forms and tld.startswith(".") and tld[1:].isascii():
                table.setdefault(tld.lower(), forms)
    return table


_HOST = re.compile(r"^[a-z]+://([^/:?#]+)", re.IGNORECASE)


def domain_country(url: str | None) -> frozenset[str]:
    """The country a web address belongs to by its country-code domain ('inform.kz' →
    Kazakhstan; 'number10.gov.uk' → the United Kingdom); empty for .com, .org and the like."""
    match = _HOST.match(url or "")
    if match is None:
        return frozenset()
    host = match.group(1).lower().rstrip(".")
    return _by_domain().get("." + host.rsplit(".", 1)[-1], frozenset())
