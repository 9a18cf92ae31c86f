"""Person rules: names with their titles in the forms news uses.

"Defence Minister Cagri Sahin", "Aerovane CEO Ahmet Demir", "Hezbollah leader Naim Qassem",
"former President X", "Crown Prince Mohammed bin Salman", "Mehmet Demir, the company's chairman",
"Özgür Özel, leader of the Republican People's Party", "his Turkish counterpart Cagri Sahin",
"Kim Yo Jong said ...", "Minister of State for Home Affairs X", "the junior home minister, X,", "said X, a farmer
from Y" (occupations from data/occupations.json are titles too), "..., said X Y.". Titles are normalized
(defence -> defense, "Minister of Defense" -> "defense minister").
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from ...gazetteer import is_demonym, lookup
from ...text import NAME_WORD, UPPER
from ...types import PersonValue
from ..base import Context, Dimension
from ..dates.lexicon import MONTHS, WEEKDAYS, alternation, cased

PEOPLE = Dimension(kind="person", trigger=re.compile(UPPER))
rule = PEOPLE.rule


@cache
def _data(name: str) -> Any:
    return json.loads(resources.files("reconcile.data").joinpath(name).read_text("utf-8"))


def titles() -> frozenset[str]:
    return frozenset(_data("titles.json")["titles"])


def occupations() -> frozenset[str]:
    return frozenset(_data("occupations.json")["occupations"])


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
    r"Science|Technology|Digital|Urban|Rural|Fisheries|Climate|Cabinet|Defense Industries|Defence Industries"
)
_FIELDS = cased(w.replace("\\s+", " ") for w in re.split(r"\|", _FIELD_WORDS) if "?" not in w and "[" not in w) + (
    r"|Defen[cs]e|defen[cs]e|Labou?r|labou?r"
)
_TITLE_HEAD = cased(re.escape(t) for t in titles())
# Titles' abbreviations ("Sen", "Gen", "Rep"): short forms of longer titles, and surnames too
_ABBREVIATIONS = frozenset(
    t for t in _TITLE_WORDS if len(t) <= 4 and any(u != t and u.startswith(t) for u in _TITLE_WORDS)
)
# A federal rank before an office ("Union Minister", "Federal Health Minister"): part of the title, though
# "Union" ends many a body's name ("European Union Ambassador"), so only where it opens the run.
_RANK = rf"(?:Union|Federal)(?=\s+(?:(?:{_FIELDS})\s+){{0,3}}(?:{_TITLE_HEAD})\b)"
# What may follow the title word: "Minister of State", "Minister of Defence", and a portfolio ending on a
# field word ("Minister of State for Home Affairs", "Cabinet Secretary for Foreign Affairs"; longest first,
# so that the name after it is not taken for the portfolio's end).
_OFFICE_OF = (
    r"(?:\s+of\s+(?:the\s+)?(?:State|Defen[cs]e|Foreign\s+Affairs|(?:the\s+)?Interior|Finance|Justice|Health))?"
    rf"(?:\s+for\s+(?:the\s+)?(?:{NAME_WORD}\s+(?:and\s+)?){{0,3}}(?:{_FIELDS}))?"
)
# A title: qualifying words and title words, ending on a title word ("Deputy Prime Minister", "Crown Prince",
# "Supreme Leader", "Defense Industries Secretary"), in any case ("Hezbollah leader").
_TITLE = rf"(?:(?:{_FIELDS}|{_TITLE_HEAD}|{_RANK})\s+){{0,3}}(?:{_TITLE_HEAD}){_OFFICE_OF}\b\.?"
# After a title, the name: one that opens with a title-like word only as a two-word name ("Defense Minister
# Gen Sato"), so that "Crown Prince Mohammed bin Salman" keeps "Prince" in the title.
_TITLED_NAME = (
    rf"(?!(?:{_TITLE_HEAD})\b){PERSON_NAME}|(?:{_TITLE_HEAD})\s+{_PERSON_WORD}(?!\s+(?:{_PARTICLE}\b|{UPPER}))"
)
# (the cheap upper-case test first: the word lists are only tried where a name could start)
_NOT_FIELD = rf"(?={UPPER})(?!(?:{_FIELDS}|{_TITLE_HEAD}|Former)\b)"
_ORG = rf"(?P<org>{_NOT_FIELD}(?!{_RANK}){NAME_WORD}(?:\s+{_NOT_FIELD}{NAME_WORD}){{0,3}})\s+"
_NOT_NAMES = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"the", "a", "an", "he", "she", "it", "they", "we"}
_BODY_HEADS = frozenset(_data("org_heads.json")["organization"])
# Words of a body's name, not a person's: a ministry, a party, a newspaper or a broadcaster ("said Luit Radio")
_ORG_HEADS = re.compile(
    r"\b(?:Times|Post|News|Ministry|Party|Agency|Council|Bank|Group|Forces|Army|Court|Office|International|Watch|"
    r"Affairs|Daily|Herald|Tribune|Journal|Gazette|Chronicle|Observer|Monitor|Courier|Mirror|Telegraph|Express|Wire|"
    r"Radio|Television|TV|Network)\b"
)
_OCCUPATION = alternation(re.escape(o) for o in occupations())
# An occupation ends its noun phrase: "a farmer from Salmora", "a scientist at the centre", "a weaver.", never
# "a farmer cooperative" or "farmers"
_OCCUPATION_END = r"(?=[,.;:!?)\"”]|\s+(?:at|of|from|in|with|who|whose|for|on|and|based|since|living|working)\b|\s*$)"


def normalize_title(raw: str) -> str:
    """ "Defence Minister" -> "defense minister"; "Minister of Defense" -> "defense minister"; "secretary of state"
    and "minister of state" stay: those are the offices' names, as is a portfolio after "for" ("minister of state
    for home affairs")."""
    title = " ".join(raw.replace(".", "").split()).casefold()
    title = title.replace("defence", "defense").replace("labour", "labor")
    office, sep, portfolio = title.partition(" for ")
    m = re.fullmatch(r"(.+?) of (?:the )?(.+)", office)
    if m and m.group(1).split()[-1] in _TITLE_WORDS and m.group(2) != "state":
        office = f"{m.group(2)} {m.group(1)}"
    return office + sep + portfolio


def _is_person_name(name: str, titled: bool = False) -> bool:
    """A name, not a place, an organization or a calendar word; after a title a given name may look like a
    title word ("Defense Minister Gen Sato") and a surname like a town ("Prime Minister Kenji Arakawa")."""
    words = name.split()
    if words[0].casefold() in _NOT_NAMES or _ORG_HEADS.search(name) or words[-1] in _BODY_HEADS:
        return False
    if is_demonym(words[0]) and len(words) > 1:
        return False
    # after a title, a two-word name may open with a word that is also a title ("Gen Sato"); a longer
    # one that does is the rest of the title ("Prince Mohammed bin Salman" after "Crown")
    lenient = titled and len(words) == 2
    rest = [w.rstrip(".").casefold() for w in words[1 if lenient else 0 :]]
    if len(words) > 1 and rest and rest[-1] in _ABBREVIATIONS:
        rest.pop()  # an abbreviation stands before the name it titles: last in one, it is a surname ("Amartya Sen")
    if any(w in _TITLE_WORDS for w in rest):
        return False
    if re.fullmatch(_FIELDS, words[0], re.I):
        return False  # "Defence Rajnath Singh said", "Affairs" in "Secretary for Foreign Affairs, Jane Doe"
    if titled:
        return lookup(name) is None
    if len(words) == 1:
        return False
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
    org = _organization(m["org"])
    if org and title == "minister":
        # a minister is named by a portfolio, not a body: "Disaster Management Minister"
        return PersonValue(name=m["span"], title=f"{org.casefold()} {title}")
    return PersonValue(name=m["span"], title=title, organization=org)


# A word before a title or an occupation that qualifies it ("junior", "disaster management", "Kochi-based"), not
# one that starts a phrase or a clause of its own ("the president said the minister, ...")
_MODIFIER = (
    r"(?:(?!(?:the|a|an|of|for|with|to|from|at|in|on|by|who|that|which|and|or|said|says|told|is|was|has|had)\b)"
    r"[\w'’-]+\s+)"
)


@rule(
    "title_comma",
    rf"(?:\b(?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+(?:[a-z]\w*['’]s\s+)?|(?P<owner>{NAME_WORD})['’]s\s+)"
    rf"(?P<title>{_MODIFIER}{{0,3}}?(?:{_TITLE_HEAD}){_OFFICE_OF}),\s+(?:{_HONORIFICS})?"
    rf"(?P<span>{PERSON_NAME})(?=,|\.(?:\s|$))",
)
def title_comma(m: re.Match[str], ctx: Context) -> PersonValue | None:
    """ "Assam's disaster management minister, Pranjol Hazarika, said"; "the company's chief executive, Jane
    Doe,": a title set off before the name by a comma, the name by a comma or the sentence's end after it."""
    if not _is_person_name(m["span"], titled=True):
        return None
    words = m["title"].split()
    while is_demonym(words[0]) or lookup(words[0]) is not None:
        words.pop(0)  # "the Indian prime minister", "the Assam chief minister": where, not what
    return PersonValue(name=m["span"], title=normalize_title(" ".join(words)), organization=_organization(m["owner"]))


# A role in apposition: its modifiers ("the jailed mayor", "a senior scientist") but no phrase of its own
_ROLE = (
    rf"(?P<role>{_MODIFIER}{{0,3}}?"
    rf"(?:{_TITLE_HEAD}|(?i:co-founder|founder|spokesperson|general secretary)"
    rf"|(?P<occ>{_OCCUPATION}){_OCCUPATION_END}))"
)


# (a lookahead, so that a match the resolver turns down does not hide one inside it: "on Tuesday, said Jane
# King, a writer" holds a false "Tuesday" and then the real "Jane King")
@rule(
    "apposition",
    rf"(?=(?P<span>{PERSON_NAME})(?:,\s+\d{{1,3}})?,\s+(?:the|a|an)?\s*(?:(?P<owner>{NAME_WORD})['’]s\s+)?{_ROLE}\b"
    rf"(?:\s+(?:of|at)\s+(?:the\s+)?(?P<org>{NAME_WORD}(?:\s+(?:of\s+)?{NAME_WORD}){{0,4}}))?)",
)
def apposition(m: re.Match[str], ctx: Context) -> PersonValue | None:
    """ "Mehmet Demir, the company's chairman"; "Özgür Özel, leader of the Republican People's Party"; "Jane Doe,
    54, a teacher at the village school" (an occupation is the title: no office, but what she is asked as)."""
    if not _is_person_name(m["span"]):
        return None
    if m["occ"]:
        former = "former " if re.match(r"(?i)former\b", m["role"]) else ""
        return PersonValue(name=m["span"], title=former + m["occ"], organization=_organization(m["org"] or m["owner"]))
    role = re.sub(r"^(?:\w+['’]s\s+)", "", m["role"])  # "the company's chairman" -> "chairman"
    body = re.match(r"((?:[A-Z][\w&.-]*\s+)+)", role)  # "the WHO director-general": WHO is the body
    if body and not re.fullmatch(_FIELDS, body.group(1).split()[0], re.I):
        role = role[body.end() :]
    org = _organization(m["org"] or m["owner"] or (body.group(1).strip() if body else None))
    return PersonValue(name=m["span"], title=normalize_title(role), organization=org)


@rule("age_apposition", rf"(?P<span>{PERSON_NAME}),\s+\d{{1,3}},")
def age_apposition(m: re.Match[str], ctx: Context) -> PersonValue | None:
    """ "J. Smith, 45, of Leeds": a person by the age news gives."""
    return PersonValue(name=m["span"]) if _is_person_name(m["span"]) else None


@rule("counterpart", rf"\b(?:his|her|their)\s+(?:{NAME_WORD}\s+)?counterpart,?\s+(?P<span>{PERSON_NAME})")
def counterpart(m: re.Match[str], ctx: Context) -> PersonValue | None:
    return PersonValue(name=m["span"]) if _is_person_name(m["span"]) else None


def _speaker(m: re.Match[str], ctx: Context) -> PersonValue | None:
    """A name of two or more words that speaks: one word alone is as often a country or a company."""
    name = m["span"]
    if len(name.split()) < 2 or not _is_person_name(name):
        return None
    return PersonValue(name=name)


rule(
    "speaker",
    rf"(?P<span>{PERSON_NAME})(?:\s+(?:said|says|told|added|wrote|argued|insisted|warned|stressed|noted|urged|"
    r"urges|scored|scores|finished|won|wins|announced|called|resigned|died|met|arrived|denied)\b|,\s+who\b)",
)(_speaker)
# "..., said Ama Boateng.": the speaker after the quote, where the name ends the clause ("said Goldman Sachs
# would ..." reports what a body said; ", which" follows a body)
rule(
    "speaker_after",
    rf"\b(?:said|says|added|recalled|explained)\s+(?P<span>{PERSON_NAME})"
    r"(?=\.(?:\s|$)|,(?!\s+(?:which|whose|where)\b)|[;:!?\"”]|$)",
)(_speaker)


# A sentence with no title word in it cannot hold a titled name, nor one with no occupation either a role in
# apposition.
_TITLE_GATE = frozenset(_TITLE_WORDS | {"co-founder", "founder", "spokesperson", "secretary"})
PEOPLE.require(_TITLE_GATE, "titled", "title_comma")
PEOPLE.require(_TITLE_GATE | {o.split()[-1] for o in occupations()}, "apposition")
PEOPLE.require(frozenset({"counterpart"}), "counterpart")
PEOPLE.require(re.compile(r",\s+\d{1,3},"), "age_apposition")
PEOPLE.require(frozenset({"said", "says", "added", "recalled", "explained"}), "speaker_after")
PEOPLE.anchor(re.compile(rf"\b(?:{_TITLE_HEAD})\b"), 90, 90, "titled", "title_comma")
