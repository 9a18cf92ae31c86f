"""Person rules: names with their titles in the forms news uses.

"Defence Minister Cagri Sahin", "Aerovane CEO Ahmet Demir", "Hezbollah leader Naim Qassem",
"former President X", "Crown Prince Mohammed bin Salman", "Mehmet Demir, the company's chairman",
"Özgür Özel, leader of the Republican People's Party", "his Turkish counterpart Cagri Sahin",
"Kim Yo Jong said ...". Titles are normalized (defence -> defense, "Minister of Defense" -> "defense minister").
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ...gazetteer import is_demonym, lookup
from ...text import NAME_WORD, UPPER
from ...types import PersonValue
from ..base import Context, Dimension
from ..dates.lexicon import MONTHS, WEEKDAYS, cased

PEOPLE = Dimension(kind="person", trigger=re.compile(UPPER))
rule = PEOPLE.rule


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    raw = json.loads(resources.files("reconcile.data").joinpath("titles.json").read_text("utf-8"))
    return frozenset(raw["titles"])


_TITLE_WORDS = frozenset(t.casefold() for t in titles())
_HONORIFICS = r"(?:Sheikh|Sheikha|Ayatollah|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?|Sir|Datuk\s+Seri|Tan\s+Sri|Shri|Smt\.?)\s+"
_PARTICLE = r"(?:bin|ibn|bint|al|el|de|da|do|dos|van|von|der|den|la|le|di|du)"
# One word of a person's name: "Şahin", "al-Sharaa", "Ching-te", "O'Neill"
_PERSON_WORD = rf"(?:(?:al|el)-)?{NAME_WORD}(?:-[a-z]{{1,4}}\b)?"
# One to four words with particles inside: "Xi", "Mohammed bin Salman", "Ursula von der Leyen", "Mohammed bin
# Abdulrahman Al Thani"
PERSON_NAME = rf"{_PERSON_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_PERSON_WORD}){{0,4}}"
_FIELD_WORDS = (
    r"Defen[cs]e|Foreign|Finance|Interior|Home|Trade|Economy|Economic|Energy|Health|Education|Justice|Transport|"
    r"Agriculture|Labou?r|Culture|Tourism|Environment|Treasury|State|Deputy|Vice|Prime|Chief|"
    r"Executive|Senior|General|Managing|Acting|Interim|Former|Assistant|Opposition|Supreme|Crown|Grand|First|"
    r"National|Security|External|Affairs|Civil|Aviation|Commerce|Information|Communications|Housing|Water|Mines|"
    r"Petroleum|Oil|Power|Railways|Sports|Youth|Women|Family|Social|Welfare|Planning|Development|Cooperation|"
    r"Science|Technology|Digital|Urban|Rural|Fisheries|Climate|Defense Industries|Defence Industries"
)
_FIELDS = cased(w.replace("\\s+", " ") for w in re.split(r"\|", _FIELD_WORDS) if "?" not in w and "[" not in w) + (
    r"|Defen[cs]e|defen[cs]e|Labou?r|labou?r"
)
_TITLE_HEAD = cased(re.escape(t) for t in titles())
# A title: qualifying words and title words, ending on a title word ("Deputy Prime Minister", "Crown Prince",
# "Supreme Leader", "Defense Industries Secretary"), in any case ("Hezbollah leader").
_TITLE = (
    rf"(?:(?:{_FIELDS}|{_TITLE_HEAD})\s+){{0,3}}(?:{_TITLE_HEAD})"
    rf"(?:\s+of\s+(?:the\s+)?(?:State|Defen[cs]e|Foreign\s+Affairs|(?:the\s+)?Interior|Finance|Justice|Health))?\b\.?"
)
# After a title, the name: one that opens with a title-like word only as a two-word name ("Defense Minister
# Gen Sato"), so that "Crown Prince Mohammed bin Salman" keeps "Prince" in the title.
_TITLED_NAME = (
    rf"(?!(?:{_TITLE_HEAD})\b){PERSON_NAME}|(?:{_TITLE_HEAD})\s+{_PERSON_WORD}(?!\s+(?:{_PARTICLE}\b|{UPPER}))"
)
# (the cheap upper-case test first: the word lists are only tried where a name could start)
_NOT_FIELD = rf"(?={UPPER})(?!(?:{_FIELDS}|{_TITLE_HEAD}|Former)\b)"
_ORG = rf"(?P<org>{_NOT_FIELD}{NAME_WORD}(?:\s+{_NOT_FIELD}{NAME_WORD}){{0,3}})\s+"
_NOT_NAMES = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"the", "a", "an", "he", "she", "it", "they", "we"}
_BODY_HEADS = frozenset(
    json.loads(resources.files("reconcile.data").joinpath("org_heads.json").read_text("utf-8"))["organization"]
)
_ORG_HEADS = re.compile(r"\b(?:Times|Post|News|Ministry|Party|Agency|Council|Bank|Group|Forces|Army|Court|Office)\b")


def normalize_title(raw: str) -> str:
    """ "Defence Minister" -> "defense minister"; "Minister of Defense" -> "defense minister"; "secretary of state"
    stays: that is the office's name."""
    title = " ".join(raw.replace(".", "").split()).casefold()
    title = title.replace("defence", "defense").replace("labour", "labor")
    if title.endswith("secretary of state"):
        return title
    m = re.fullmatch(r"(.+?) of (?:the )?(.+)", title)
    if m and m.group(1).split()[-1] in _TITLE_WORDS:
        title = f"{m.group(2)} {m.group(1)}"
    return title


def _is_person_name(name: str, titled: bool = False) -> bool:
    """A name, not a place, an organization or a calendar word; after a title a given name may look like a
    title word ("Defense Minister Gen Sato")."""
    words = name.split()
    if words[0].casefold() in _NOT_NAMES or _ORG_HEADS.search(name) or words[-1] in _BODY_HEADS:
        return False
    if is_demonym(words[0]) and len(words) > 1:
        return False
    # after a title, a two-word name may open with a word that is also a title ("Gen Sato"); a longer
    # one that does is the rest of the title ("Prince Mohammed bin Salman" after "Crown")
    lenient = titled and len(words) == 2
    if any(w.rstrip(".").casefold() in _TITLE_WORDS for w in words[1 if lenient else 0 :]):
        return False
    if not titled and re.fullmatch(_FIELDS, words[0], re.I):
        return False  # "Defence Rajnath Singh said": the end of a title, not a name
    if len(words) == 1:
        return titled and lookup(name) is None
    return (lookup(name) is None and lookup(words[-1]) is None) or len(words) > 2


def _organization(org: str | None) -> str | None:
    """The body a title belongs to ("Aerovane CEO"); a country or a demonym before a title is no organization."""
    if not org:
        return None
    org = org.removesuffix("'s").removesuffix("’s")
    last = org.split()[-1]
    if lookup(org) is not None or is_demonym(last) or re.fullmatch(_FIELDS, last) or last.casefold() == "former":
        return None
    return org


@rule(
    "titled",
    rf"(?P<former0>(?i:former)\s+)?(?:{_ORG})?(?P<former>(?i:former)\s+)?(?P<title>{_TITLE})\s+(?:{_HONORIFICS})?"
    rf"(?P<span>{_TITLED_NAME})",
)
def titled(m: re.Match[str], ctx: Context) -> PersonValue | None:
    if not _is_person_name(m["span"], titled=True):
        return None
    title = normalize_title(("former " if m["former"] or m["former0"] else "") + m["title"])
    return PersonValue(name=m["span"], title=title, organization=_organization(m["org"]))


_ROLE = rf"(?P<role>(?:[\w'’-]+\s+){{0,3}}?(?:{_TITLE_HEAD}|(?i:co-founder|founder|spokesperson|general secretary)))"


@rule(
    "apposition",
    rf"(?P<span>{PERSON_NAME}),\s+(?:the|a|an)?\s*(?:(?P<owner>{NAME_WORD})['’]s\s+)?{_ROLE}\b(?:\s+(?:of|at)\s+(?:the\s+)?(?P<org>{NAME_WORD}"
    rf"(?:\s+(?:of\s+)?{NAME_WORD}){{0,4}}))?",
)
def apposition(m: re.Match[str], ctx: Context) -> PersonValue | None:
    """ "Mehmet Demir, the company's chairman"; "Özgür Özel, leader of the Republican People's Party"."""
    if not _is_person_name(m["span"]):
        return None
    role = re.sub(r"^(?:\w+['’]s\s+)", "", m["role"])  # "the company's chairman" -> "chairman"
    body = re.match(r"((?:[A-Z][\w&.-]*\s+)+)", role)  # "the WHO director-general": WHO is the body
    if body and not re.fullmatch(_FIELDS, body.group(1).split()[0], re.I):
        role = role[body.end() :]
    org = _organization(m["org"] or m["owner"] or (body.group(1).strip() if body else None))
    return PersonValue(name=m["span"], title=normalize_title(role), organization=org)


@rule("age_apposition", rf"(?P<span>{PERSON_NAME}),\s+\d{{1,3}},")
def age_apposition(m: re.Match[str], ctx: Context) -> PersonValue | None:
    """ "Hatice Doğan, 54, a teacher": a person by the age news gives."""
    return PersonValue(name=m["span"]) if _is_person_name(m["span"]) else None


@rule("counterpart", rf"\b(?:his|her|their)\s+(?:{NAME_WORD}\s+)?counterpart,?\s+(?P<span>{PERSON_NAME})")
def counterpart(m: re.Match[str], ctx: Context) -> PersonValue | None:
    return PersonValue(name=m["span"]) if _is_person_name(m["span"]) else None


@rule(
    "speaker",
    rf"(?P<span>{PERSON_NAME})(?:\s+(?:said|says|told|added|wrote|argued|insisted|warned|stressed|noted|urged|"
    r"urges|scored|scores|finished|won|wins|announced|called|resigned|died|met|arrived|denied)\b|,\s+who\b)",
)
def speaker(m: re.Match[str], ctx: Context) -> PersonValue | None:
    """ "Kim Yo Jong said": a name of two or more words that speaks."""
    name = m["span"]
    if len(name.split()) < 2 or not _is_person_name(name):
        return None
    return PersonValue(name=name)


# A sentence with no title word in it cannot hold a titled name or a role in apposition.
PEOPLE.require(frozenset(_TITLE_WORDS | {"co-founder", "founder", "spokesperson", "secretary"}), "titled", "apposition")
PEOPLE.require(frozenset({"counterpart"}), "counterpart")
PEOPLE.require(re.compile(r",\s+\d{1,3},"), "age_apposition")
PEOPLE.anchor(re.compile(rf"\b(?:{_TITLE_HEAD})\b"), 90, 90, "titled")
