"""What a claim is about, how sure its sentence is, and who the sentence says it comes from.

The subject comes from the claim's sentence: the event word nearest the mention
(from ``data/events.json``), the place or entity that event is at, and a role
when the sentence says the date starts or ends the event ("which began Aug. 19").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .dimensions.base import CLAUSE_CHARS, clause_tense
from .dimensions.dates.lexicon import MONTHS, WEEKDAYS
from .dimensions.durations.rules import is_offset
from .dimensions.quantities.rules import TOLLS, unit_family
from .gazetteer import is_demonym, lookup
from .text import fold
from .types import DateValue, Document, Mention, Modality, PersonValue, PlaceValue, QuantityValue, Sentence, SubjectKey

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?")


@dataclass(frozen=True)
class Event:
    word: str  # as written
    lemma: str  # as the subject names it
    cls: str
    preposition: str


@lru_cache(maxsize=1)
def _events() -> dict[str, tuple[str, str, str]]:
    raw = json.loads(resources.files("reconcile.data").joinpath("events.json").read_text("utf-8"))
    return {
        word: (lemma, cls, prep)
        for cls, words in raw.items()
        if not cls.startswith("_")
        for word, (lemma, prep) in words.items()
    }


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    raw = json.loads(resources.files("reconcile.data").joinpath("titles.json").read_text("utf-8"))
    return frozenset(t.casefold() for t in raw["titles"])


_NOT_NAMES = (
    frozenset(
        [
            "the",
            "a",
            "an",
            "he",
            "she",
            "it",
            "they",
            "we",
            "i",
            "his",
            "her",
            "their",
            "its",
            "this",
            "that",
            "these",
            "those",
            "on",
            "in",
            "at",
            "but",
            "and",
            "or",
            "mr",
            "mrs",
            "ms",
            "dr",
            "president",
            "minister",
            "according",
            "during",
            "while",
            "after",
            "before",
            "since",
            "as",
            "for",
            "with",
            "by",
            "from",
            "of",
            "to",
            "however",
            "meanwhile",
            "also",
        ]
    )
    | frozenset(MONTHS)
    | frozenset(WEEKDAYS)
)
_MODIFIERS = re.compile(
    r"^(?:[a-z]+-(?:nation|day|country|week|city|state|stop|leg)|regional|official|state|bilateral|trilateral|"
    r"annual|emergency|historic|maiden|working|presidential|ministerial|diplomatic|snap|general|local|"
    r"parliamentary|landmark|deadly|powerful|magnitude|devastating|major|first|second|final|upcoming|"
    r"planned|scheduled|brief|lengthy|joint|defense|defence)$"
)
_ROLE_START = re.compile(
    r"\b(?:(?:began|begins|begin|started|starts|start|kicked off|kicks off|opened|opens|since)|"
    r"(?:starting|beginning)(?:\s+(?:in|on|from))?)\s*$",  # "a five-year plan starting in January 2026"
    re.I,
)
_ROLE_END = re.compile(
    r"\b(?:ended|ends|end|concluded|concludes|wrapped up|wraps up|closed|closes|until|through)\s*$", re.I
)
_PLACE_PREP = frozenset({"in", "at", "to", "of", "from", "for", "into", "across", "on", "against", "with"})


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    bracketed: bool = False  # inside parentheses: an alias or an aside, never the name itself
    comma_after: bool = False  # a comma ends a name: "Vietnam, the Philippines and Japan" are three

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper() and self.text.casefold().rstrip(".") not in _NOT_NAMES

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "’s"))


@dataclass(frozen=True)
class Entities:
    """What the dimensions found in a claim's sentence (places, people, dates), and the person the story
    follows: a subject is grounded in these rather than in any capitalized run of words."""

    places: tuple[Mention, ...] = ()
    people: tuple[Mention, ...] = ()
    dates: tuple[Mention, ...] = ()
    principal: frozenset[str] = frozenset()  # folded surnames of the story's protagonist, in every spelling

    def person_at(self, start: int, end: int | None = None) -> bool:
        return _covered(self.people, start, end)

    def place_at(self, start: int, end: int | None = None) -> bool:
        return _covered(self.places, start, end)

    def named_at(self, at: int) -> bool:
        """Whether a place's, a body's or a person's name covers the offset."""
        return self.place_at(at) or self.person_at(at)


def _covered(mentions: tuple[Mention, ...], start: int, end: int | None) -> bool:
    """Whether a mention overlaps the span (or covers the offset, with no end)."""
    end = start + 1 if end is None else end
    return any(m.start < end and start < m.end for m in mentions)


_WINDOW_TOKENS = 40  # words either side of a mention that can say what it is about; bounds the work per claim


def _window(sentence: Sentence, mention: Mention) -> tuple[_Token, ...]:
    """The sentence's words around the mention: a claim's frame never needs the far end of a long sentence,
    and looking only nearby keeps the cost per claim constant however long the sentence runs."""
    tokens = _tokens(sentence)
    at = bisect_left(_starts(sentence), mention.start)
    return tokens[max(0, at - _WINDOW_TOKENS) : at + _WINDOW_TOKENS]


@lru_cache(maxsize=256)
def _starts(sentence: Sentence) -> tuple[int, ...]:
    return tuple(t.start for t in _tokens(sentence))


@lru_cache(maxsize=256)
def _tokens(sentence: Sentence) -> tuple[_Token, ...]:
    """A sentence's words with offsets; cached, since every claim in the sentence asks for them."""
    tokens: list[_Token] = []
    depth, cursor = 0, 0
    for m in _TOKEN.finditer(sentence.text):
        between = sentence.text[cursor : m.start()]
        depth = max(0, depth + between.count("(") - between.count(")"))
        if tokens and "," in between:
            tokens[-1] = replace(tokens[-1], comma_after=True)
        cursor = m.end()
        word = m.group(0).rstrip(".")
        start = sentence.start + m.start()
        tokens.append(_Token(word, start, start + len(word), depth > 0))
    return tuple(tokens)


# An event word after the date, or across a comma or a coordinated clause, is less likely its event.
_AFTER_PENALTY = 4
# Further off, an event word is the sentence's topic, not what the date dates ("killed in floods across Assam
# since heavy monsoon rain began lashing the state on Saturday").
_EVENT_REACH = 13
# "On Oct. 4, ...", "Later on Monday,", "On the sidelines on Oct. 4,": a date that opens its sentence
_FRONTED = re.compile(r"\W*(?:(?:On|By|Early|Late|Later|Earlier)\s+(?:(?:the\s+)?[a-z]+\s+){0,3}?(?:on\s+)?)?")
_FRONTED_REACH = 25  # words from an opening date to the event it dates
_RELATIVE_OPEN = re.compile(r",\s+(?:who|which|whose)\s[^,]*$")
_COORDINATION = re.compile(r"\b(?:and|but|before|after|while)\s", re.I)
# How near a word of saying or of moving must be to date what was said or moved ("said on Tuesday",
# "rose to 112 on Wednesday"): a date further off in the sentence dates something else, which it names.
_UNANCHORED_REACH = {"statement": (2, -1), "change": (5, 2)}  # words between, before and after (-1: never)
_TRIP = ("trip", "trip", "to")
# "The trip began in Nairobi on Monday", "wrapped up in Abidjan": where a journey starts or ends is a stop on it
_JOURNEY_ENDS = frozenset({"began", "begins", "started", "starts", "ended", "ends", "concluded", "concludes"})
_WRAPPED = frozenset({"wrapped", "wraps", "wrapping"})  # "wrapped up in Abidjan"
_MEETING = ("meeting", "meeting", "with")
_TAKING_OFFICE = ("taking office", "office", "as")


_REACHED = frozenset({"reached", "reach", "reaches"})
_BECAME = frozenset({"became", "becomes", "become"})
_RECEIVED = frozenset({"received", "receives", "receive"})
_IDIOM_WORDS = _REACHED | _BECAME | _RECEIVED | _JOURNEY_ENDS | {"expected", "up"}  # the words `_idiom` reads


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    """The words an event may start at: a lexicon entry's first word, or an idiom's."""
    return frozenset(entry.split()[0] for entry in _events()) | _IDIOM_WORDS


def _idiom(tokens: tuple[_Token, ...], i: int, entities: Entities) -> tuple[str, str, str] | None:
    """Words that are an event only beside an entity: "is expected in Addis" and "reached Addis Ababa" are
    arrivals, "received the minister" hosts a meeting, "became Germany's top diplomat" takes office. (Fixed
    phrases such as "call on" or "took office" are the lexicon's own entries.)"""
    word = tokens[i].text.casefold()
    if i + 1 >= len(tokens):
        return None
    following = tokens[i + 1]
    if word == "expected" and following.text in ("in", "at") and i + 2 < len(tokens):
        return _TRIP if entities.place_at(tokens[i + 2].start) else None
    if word in _REACHED:
        return _TRIP if entities.place_at(following.start) else None
    wrapped_up = word == "up" and i > 0 and tokens[i - 1].text.casefold() in _WRAPPED
    if (word in _JOURNEY_ENDS or wrapped_up) and following.text == "in" and i + 2 < len(tokens):
        return _TRIP if entities.place_at(tokens[i + 2].start) else None
    if word in _BECAME:
        return _TAKING_OFFICE if any(t.text.casefold() in _office_words() for t in tokens[i + 1 : i + 5]) else None
    if word in _RECEIVED:
        return _MEETING if any(following.start <= p.start < following.start + 80 for p in entities.people) else None
    return None


@lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    return _titles() | {"diplomat", "leader", "head", "chief", "boss"}


def _event_entry(word: str) -> tuple[str, str, str] | None:
    """A word's event, or a hyphenated compound's first event part ("search-and-rescue" is a search)."""
    events = _events()
    entry = events.get(word)
    if entry is None and "-" in word:
        entry = next((events[part] for part in word.split("-") if part in events), None)
    return entry


def _nearest_event(
    text: str,
    tokens: tuple[_Token, ...],
    mention: Mention,
    role: str | None,
    entities: Entities,
    backward: bool = False,  # only events before the mention: an offset's later words are its reference point
    fronted: bool = False,  # "On Oct. 4, X and Y spent an hour discussing": the date scopes the clause it opens
) -> tuple[int, Event] | None:
    events = _events()
    best: tuple[float, int, Event] | None = None
    # "The president, who holds the chair this year, is to meet Okoro": a date in a relative clause dates its verb
    relative = _RELATIVE_OPEN.search(text, max(0, mention.start - 150), mention.start)
    in_relative = relative is not None
    triggers = _trigger_words()
    for i, token in enumerate(tokens):
        key = token.text.casefold()
        if key not in triggers and "-" not in key:
            continue  # no entry, phrase or idiom starts with this word: most words of a sentence
        phrase = f"{key} {tokens[i + 1].text.casefold()}" if i + 1 < len(tokens) else key
        entry = events.get(phrase) or _idiom(tokens, i, entities) or _event_entry(key)
        if entry is None or mention.start <= token.start < mention.end or entities.named_at(token.start):
            continue  # not the date's own words, nor a name's ("State Disaster Management Authority")
        lemma, cls, prep = entry
        before = token.start < mention.start
        if not before and (role or backward):  # "visit ..., which began Aug. 19, included talks": points back
            continue
        between = _names_folded(text, min(token.end, mention.end), max(token.start, mention.start), entities)
        gap = len(_TOKEN.findall(between))
        distance = gap if before else _AFTER_PENALTY + gap
        if cls in _UNANCHORED_REACH and gap > _UNANCHORED_REACH[cls][0 if before else 1]:
            continue
        if cls == "statement" and mention.kind != "date":
            continue  # "announced C$35 million in support for ...": the saying dates, it is not what a sum is of
        if cls == "change" and mention.kind == "money":
            continue  # "Capital expenditure will rise to 12.2 trillion rupees": a sum is of what rises, not the rise
        if fronted and not before:
            # the opening date's clause is the sentence's: its first event word, however far ("On Oct. 4,
            # President Ana Ruiz and her Peruvian counterpart Jorge Salas spent three-quarters of an hour discussing")
            if gap <= _FRONTED_REACH and (best is None or gap < best[0]):
                best = (gap, i, Event(token.text, lemma, cls, prep))
            continue
        coordinated = len(_COORDINATION.findall(between))
        if (coordinated or (in_relative and "," in between)) and not before:
            continue  # "talks on Monday and call on the President": the later verb heads a clause of its own
        distance += 3 * between.count(",") + 3 * coordinated
        if distance <= _EVENT_REACH and (best is None or distance < best[0]):
            best = (distance, i, Event(token.text, lemma, cls, prep))
    if best is None and relative is not None:
        # "the tax on futures and options, which will take effect from April 1": with no event of its own, the
        # relative clause's date is its antecedent's, measured from the comma that opens the clause
        opener = replace(mention, start=relative.start(), end=relative.start())
        return _nearest_event(text, tokens, opener, role, entities, backward=True)
    return (best[1], best[2]) if best else None


def _names_folded(text: str, start: int, end: int, entities: Entities) -> str:
    """The text between two offsets with each name, and each list of names, as one word: "a tour of Kenya,
    Ethiopia and Côte d'Ivoire in Abidjan on Friday" is one phrase, not three clauses."""
    names = sorted((m for m in (*entities.places, *entities.people) if start <= m.start and m.end <= end), key=_start)
    if not names:
        return text[start:end]
    parts, cursor, listed = [], start, False
    for name in names:
        if name.start < cursor:
            continue  # a name inside another
        gap = text[cursor : name.start]
        if not (listed and _LIST_JOINER.fullmatch(gap)):
            parts.append(f"{gap}N")
        cursor, listed = name.end, True
    return "".join(parts) + text[cursor:end]


def _start(mention: Mention) -> int:
    return mention.start


def _name_at(tokens: tuple[_Token, ...], i: int, entities: Entities) -> tuple[str | None, int]:
    """The capitalized name starting at token i ("Turkish Aerospace Industries") and the index after its run;
    None for the name when the run is a person (it holds a title, or a person rule found it), the start of a
    title ("Kenyan Foreign Minister"), a possessor or a bracketed aside."""
    if not tokens[i].capitalized or tokens[i].bracketed:
        return None, i + 1
    if tokens[i].possessive:
        return None, i + 1
    j = i + 1
    while j < len(tokens) and not tokens[j - 1].comma_after:
        t = tokens[j]
        if t.bracketed:
            break
        if t.capitalized and not t.possessive:
            j += 1
        elif t.text in ("of", "de", "al", "the", "and") and j + 1 < len(tokens) and tokens[j + 1].capitalized:
            j += 2
        else:
            break
    if j < len(tokens) and tokens[j].capitalized and tokens[j].possessive:
        return None, j + 1  # "Türkiye's leading producer": a possessor, not the place
    if any(t.text.casefold().rstrip(".") in _titles() for t in tokens[i:j]):
        return None, j  # "Canadian Prime Minister Martine Thibodeau": a person
    if entities.person_at(tokens[i].start, tokens[j - 1].end):
        return None, j
    title_follows = j < len(tokens) and tokens[j].text.casefold().rstrip(".") in _titles()
    if title_follows or (j - i == 1 and is_demonym(tokens[i].text) and lookup(tokens[i].text) is None):
        return None, j  # "German Foreign (Minister)", "with Kenyan (officials)"
    return " ".join(t.text for t in tokens[i:j]), j


def _place(
    tokens: tuple[_Token, ...], event: tuple[int, Event] | None, mention: Mention, entities: Entities
) -> str | None:
    """The name the event happens at or to: after the event word, else right before or after the mention."""
    if event is not None:
        event_at, cls = event[0], event[1].cls
        limit = mention.start if tokens[event_at].start < mention.start else tokens[event_at].start + 200
        i = event_at + 1
        while i < min(len(tokens), event_at + 12) and tokens[i].start < limit:
            # A traveller visits a name directly ("toured ... Aerovane"); other events take it after a preposition.
            if cls != "trip" and tokens[i - 1].text.casefold() not in _PLACE_PREP:
                i += 1
                continue
            name, i = _name_at(tokens, i, entities)
            if name:
                return name
    before = [i for i, t in enumerate(tokens) if t.end <= mention.start][-4:]
    for i in before:
        if tokens[i].text.casefold() in _PLACE_PREP and i + 1 < len(tokens):
            name, end = _name_at(tokens, i + 1, entities)
            if name and tokens[end - 1].end <= mention.start:
                return name
    after = [i for i, t in enumerate(tokens) if t.start >= mention.end][:3]
    for i in after:
        if tokens[i].text.casefold() in ("in", "at") and i + 1 < len(tokens):
            name, _ = _name_at(tokens, i + 1, entities)
            if name:
                return name
    return None


_CLAUSE_END = re.compile(r"[,;.]\s|\s(?:and|but|after|before|while)\s")
_STOP_REACH = 60  # characters from a stop's name to its date: "arrived in Addis Abeba on Thursday"
_STOP_GAP = re.compile(r"[\s,]*(?:[a-z]+\s+){0,2}")  # "Nairobi on Monday", "Abidjan, on Friday", "Lima late on"


def _stop(text: str, mention: Mention, entities: Entities) -> str | None:
    """The place a dated stop is at: the place named last before the date, with no other date or clause
    between ("travels on to Addis Ababa on Thursday and to Abidjan on Friday"); a country right after its
    city names the city's country, not another stop ("leaves for Abidjan, Côte d'Ivoire, on Friday")."""
    before = [p for p in entities.places if mention.start - _STOP_REACH <= p.end <= mention.start]
    if not before:
        return None
    place = before[-1]
    if not _STOP_GAP.fullmatch(text[place.end : mention.start]):
        return None  # "NAIROBI — The President on Tuesday": a dateline, not where Tuesday happened
    if len(before) > 1 and isinstance(place.value, PlaceValue) and place.value.kind == "country":
        city = before[-2]
        if (
            isinstance(city.value, PlaceValue)
            and city.value.country == place.value.country
            and re.fullmatch(r"\s*,\s*", text[city.end : place.start])
        ):
            place = city
    return text[place.start : place.end]  # as written, like every other place a subject names


def _participants(
    text: str, tokens: tuple[_Token, ...], event_at: int, mention: Mention, entities: Entities
) -> str | None:
    """Who met, besides the person the story follows, as folded surnames: the people named between the meeting's
    word and its date ("talks with Grace Okoro on Monday"), else in the meeting word's clause ("Sato and
    Yildiz met for two hours", "on Monday, she held a meeting with Okoro, after which"). Two meetings with
    different people on one trip are two things, whatever day or room each source gives."""
    event = tokens[event_at]
    lo, hi = min(event.start, mention.start), max(event.end, mention.end)
    names = _surnames(text, entities, lo, hi)
    if not names:  # "On Monday, she held a meeting with Okoro, after which": who met is in the event's clause
        start = max((m.end() for m in _CLAUSE_END.finditer(text, event.start - 200, event.start)), default=lo - 200)
        end = _CLAUSE_END.search(text, event.end, event.end + 200)
        names = _surnames(text, entities, start, end.start() if end else hi + 200)
    return " ".join(sorted(names)) or None


# Money a verb's sense makes given: "released ₹500 crore to the state" (a film or a report is released too)
_DISBURSED = frozenset({"release"})
_LOCAL_GOVERNMENT = re.compile(r"\b(?:state|provincial|regional|county|city|local)\s+government\b", re.I)
_GOVERNMENT = re.compile(r"\bgovernment\b|\bthe\s+Centre\b|\badministration\b", re.I)
_BY = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:[a-z]+\s+){0,2}by\s+", re.I)


def _donor(text: str, sentence: Sentence, mention: Mention, entities: Entities) -> str | None:
    """Who gives the money: the government or the body named nearest before it, else after "by" ("released by
    the Centre"). The Centre's advance and a development bank's grants in one sentence are two sums, and "the
    federal government", "the Indian government" and "the Centre" are one giver."""
    by = _BY.match(text, mention.end)
    spans = [(sentence.start, mention.start)] + ([(by.end(), by.end() + 40)] if by else [])
    for start, end in spans:
        local = [m.span() for m in _LOCAL_GOVERNMENT.finditer(text, start, end)]
        givers = [(at, "state government") for at, _ in local]
        givers += [
            (m.start(), "national government")
            for m in _GOVERNMENT.finditer(text, start, end)
            if not any(lo <= m.start() < hi for lo, hi in local)  # "the state government" is not the national one
        ]
        givers += [
            (p.start, fold(p.value.name))
            for p in entities.places
            if start <= p.start < end and isinstance(p.value, PlaceValue) and p.value.kind == "organization"
        ]
        if givers:
            # nearest the sum before it; the first after "by"
            return (max if end == mention.start else min)(givers)[1]
    return None


_OPENING_PLACE = re.compile(r"\W*(?:In|At)\s")
_MEETING_REACH = 4  # words from a journey's date to the meeting it is for: "on Thursday for a meeting with"


def _meeting_after(tokens: tuple[_Token, ...], mention: Mention) -> int | None:
    """The meeting word just after a date, with no comma between, that says what a journey's day is for."""
    after = [i for i, t in enumerate(tokens) if t.start >= mention.end][:_MEETING_REACH]
    for i in after:
        entry = _events().get(tokens[i].text.casefold())
        if entry is not None and entry[1] == "meeting":
            return i
        if tokens[i].comma_after:
            break
    return None


_OBJECT_SKIPS = frozenset("a an the its their his her our new first".split())


def _object_of(text: str, tokens: tuple[_Token, ...], event_at: int) -> str | None:
    """The head noun of what an event acts on: after it ("presented a Union Budget", "unveiled a $618 billion
    budget for"), else the noun a participle follows ("the Union Budget presented in", "The Economic Survey,
    tabled in"). Two presentations of different things on one story's days are two events."""
    head: str | None = None
    for token in tokens[event_at + 1 : event_at + 6]:
        word = token.text.casefold()
        if word in _OBJECT_SKIPS or word.replace(".", "").isdigit() or word in ("million", "billion", "trillion"):
            if head:
                break
            continue
        if not token.text.isalpha() or word in _PHRASE_ENDS or word in _COMPOUND_ENDS or word.endswith("ing"):
            break
        head = word
        if token.comma_after:
            break
    if head is None and event_at > 0 and tokens[event_at].text.casefold().endswith("ed"):
        before = tokens[event_at - 1]
        if before.text.isalpha() and before.text.casefold() not in _OBJECT_SKIPS:
            head = before.text.casefold()
    return head


def _surnames(text: str, entities: Entities, start: int, end: int) -> set[str]:
    """Folded surnames of the people named within the span, less the person the story follows and anyone who
    only speaks of it ("Foreign Minister Lestari said the foreign ministers' meeting on Oct. 3 would ...")."""
    people = (p.value for p in entities.people if start <= p.start and p.end <= end and not _SAYS.match(text, p.end))
    return {fold(p.name).split()[-1] for p in people if isinstance(p, PersonValue)} - entities.principal


def _role(text: str, sentence: Sentence, mention: Mention) -> str | None:
    before = text[max(sentence.start, mention.start - 24) : mention.start]
    if _ROLE_START.search(before) or text[mention.start : mention.end].casefold().startswith("since"):
        return "start"
    if _ROLE_END.search(before):
        return "end"
    return None


def _modifier(tokens: tuple[_Token, ...], event_at: int) -> str | None:
    if event_at > 0 and _MODIFIERS.match(tokens[event_at - 1].text.casefold()):
        return tokens[event_at - 1].text.casefold()
    return None


_SPAN_CLASSES = frozenset({"trip", "meeting"})
# Dated by when something was said or moved, not by the event: such claims only agree on equal values.
_UNANCHORED = frozenset({"statement", "change"})
_TRIP_ROLES = {"start": "start of", "end": "end of"}
# Letters of any script: a dateline is told by being all capitals ("HÀ NỘI —"), which the code checks
_DATELINE = re.compile(
    r"^\W*(?P<place>[^\W\d_][^\W\d_'’.\- ]*(?:[ '’.\-]+[^\W\d_]+){0,4}?)(?:,\s*[A-Z][\w ]{2,30})?\s*"
    r"(?:\([^)]{1,30}\))?\s*[—–-]"
)


def dateline_place(document: Document) -> str | None:
    """The place an article is datelined from ("HÀ NỘI —", "ARMENIA, Colombia —"), by its gazetteer name."""
    if not document.sentences:
        return None
    m = _DATELINE.match(document.sentences[0].text)
    if m is None or not m.group("place").isupper():
        return None
    place = m.group("place").strip()
    known = lookup(place)
    return known.name if known else place.title()


_COMPOUND_WORDS = 3  # nouns a hyphenated figure's compound may run to: "five-year maritime action plan"
_COMPOUND_ENDS = frozenset("of that which who as is are was were will would has have had than or".split())


def _modified_noun(text: str, tokens: tuple[_Token, ...], mention: Mention) -> _Token | None:
    """The noun a hyphenated figure modifies, the head of its compound: "an 85-minute speech" -> speech,
    "a five-year maritime action plan covering" -> plan, "the two-day leaders' summit" -> summit. An event word
    heads what it modifies; a word of saying or moving, a preposition or a participle ends the compound."""
    head, cursor = None, mention.end
    for token in [t for t in tokens if t.start >= mention.end][:_COMPOUND_WORDS]:
        word = token.text
        if text[cursor : token.start].strip(" '’") or not (word.replace("-", "").isalpha() and word.islower()):
            break  # "leaders' summit": a possessive's apostrophe is no break
        entry = _event_entry(word)
        if entry is not None:
            return head if entry[1] in _UNANCHORED else token
        if word in _PHRASE_ENDS or word in _COMPOUND_ENDS or word.endswith(("ing", "ed")):
            break
        head, cursor = token, token.end
    return head


_OF_PHRASE = re.compile(r"\s+of\s+(?P<phrase>[a-z-]+(?:\s+[a-z-]+){0,2})")
_PHRASE_ENDS = frozenset({"with", "in", "on", "at", "and", "between", "for", "by", "to", "from", "the", "a", "an"})


_CAPITAL_OF = re.compile(r"\s+with\s+(?:an?\s+)?(?:[a-z]+\s+)?(?:capital|budget|endowment|size|value)\s+of\s+$")


def _sum_holder(text: str, mention: Mention, entities: Entities) -> Mention | None:
    """The named body a sum is the size of: right after it ("a $500 million Coastal Resilience Fund") or before
    "with (initial) capital of" ("a Coastal Resilience Fund with initial capital of US$500 million")."""
    for place in entities.places:
        if not (isinstance(place.value, PlaceValue) and place.value.kind == "organization"):
            continue
        if 0 <= place.start - mention.end <= 1 or _CAPITAL_OF.fullmatch(text, place.end, mention.start):
            return place
    return None


def _holder_event(tokens: tuple[_Token, ...], holder: Mention) -> tuple[int, Event] | None:
    """The body's head word as the event: "Coastal Resilience Fund" is a fund."""
    at = next((i for i, t in enumerate(tokens) if t.start < holder.end <= t.end), None)
    if at is None:
        return None
    head = tokens[at].text.casefold()
    entry = _event_entry(head) or (head, "thing", "of")
    return at, Event(tokens[at].text, *entry)


def _money_noun(text: str, tokens: tuple[_Token, ...], mention: Mention) -> tuple[int, Event] | None:
    """What a sum is of, when its own words say: the noun it modifies ("a $618 billion budget") or the purpose
    right after it ("sets aside ₹12.2 lakh crore for capital expenditure"), when the lexicon knows it."""
    after = [i for i, t in enumerate(tokens) if t.start >= mention.end][:4]
    if after and tokens[after[0]].text.casefold() == "for":
        after = after[1:]
    elif after and text[mention.end : tokens[after[0]].start].strip():
        return None  # a comma or a bracket: what follows is not the sum's noun
    for i in after[:2]:
        word = tokens[i].text.casefold()
        phrase = f"{word} {tokens[i + 1].text.casefold()}" if i + 1 < len(tokens) else word
        entry = _events().get(phrase) or _event_entry(word)
        if entry is not None and entry[1] not in _UNANCHORED:
            return i, Event(tokens[i].text, *entry)
    return None


def _of_noun(text: str, tokens: tuple[_Token, ...], mention: Mention) -> tuple[int, Event] | None:
    """ "two hours of talks with", "120 years of diplomatic relations": a length is of the noun that follows,
    an event when the lexicon knows it, else a thing that only equal lengths in like sentences share."""
    m = _OF_PHRASE.match(text, mention.end)
    if m is None:
        return None
    words = []
    for word in m.group("phrase").split():
        if word in _PHRASE_ENDS:
            break
        words.append(word)
    if not words:
        return None
    end = m.start("phrase") + len(" ".join(words))
    at = next((i for i, t in enumerate(tokens) if t.end == end), None)
    if at is None:
        return None
    noun = words[-1]
    lemma, cls, prep = _events().get(noun, (noun, "thing", "of"))
    return at, Event(noun, lemma, cls, prep)


def _in_dateline(document: Document, sentence: Sentence, mention: Mention) -> bool:
    """ "GUWAHATI, India, July 7 (Asia Wire) —": the day the report was filed, not the day of anything in it."""
    if not document.sentences or sentence is not document.sentences[0] or mention.start - sentence.start > 80:
        return False
    dash = re.search(r"\s[—–-]\s", sentence.text[:120])
    return dash is not None and mention.end <= sentence.start + dash.start()


_SCOPE_REACH = 30  # characters from a trip's word to the first place it covers: "tour that also takes her to"
_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _scope(text: str, event: _Token, entities: Entities) -> tuple[str, ...]:
    """The places a trip covers, as its sentence lists them: "five-day tour of Kenya, Ethiopia and Ivory
    Coast" covers three, "three-day visit to Kenya" one."""
    places = [p for p in entities.places if p.start >= event.end]
    if not places or places[0].start - event.end > _SCOPE_REACH:
        return ()
    run = [places[0]]
    for place in places[1:]:
        if not _LIST_JOINER.fullmatch(text[run[-1].end : place.start]):
            break
        run.append(place)
    return tuple(dict.fromkeys(fold(p.value.name) for p in run if isinstance(p.value, PlaceValue)))


def subject_of(
    document: Document, sentence: Sentence, mention: Mention, entities: Entities | None = None
) -> tuple[str, SubjectKey]:
    """A readable subject and the key alignment compares."""
    text = document.text
    entities = entities or Entities()
    if isinstance(mention.value, PlaceValue | PersonValue):
        return mention.value.name, SubjectKey(event=mention.kind, place=None)
    tokens = _window(sentence, mention)
    if isinstance(mention.value, QuantityValue):
        figure = _figure_of(document, sentence, mention, mention.value)
        if figure is not None:
            return figure
    if mention.kind == "date" and _in_dateline(document, sentence, mention):
        return "dateline", SubjectKey(event=None, place=None, label="dateline", cls="statement")
    if isinstance(mention.value, DateValue) and mention.value.granularity == "fiscal_year":
        # "2026-27", "fiscal 2027", "the year ending in March": a fiscal year named is the year itself, whatever
        # the sentence says happens in it; two names of one year agree, and two years never meet
        return "fiscal year", SubjectKey(event="fiscal year", place=None, cls="period")
    role = _role(text, sentence, mention) if mention.kind == "date" else None
    offset = mention.kind == "duration" and is_offset(text, mention.start, mention.end)
    fronted = bool(_FRONTED.fullmatch(text, sentence.start, mention.start)) and text.startswith(",", mention.end)
    found = _nearest_event(text, tokens, mention, role, entities, backward=offset, fronted=fronted)
    if mention.kind == "duration" and "-" in text[mention.start : mention.end]:
        noun = _modified_noun(text, tokens, mention)
        if noun is not None:
            lemma, cls, prep = _event_entry(noun.text.casefold()) or (noun.text.casefold(), "thing", "of")
            found = (tokens.index(noun), Event(noun.text, lemma, cls, prep))
    if mention.kind == "duration":
        found = _of_noun(text, tokens, mention) or found
    holder = _sum_holder(text, mention, entities) if mention.kind == "money" else None
    if holder is not None:
        found = _holder_event(tokens, holder) or found
    elif mention.kind == "money":
        found = _money_noun(text, tokens, mention) or found
    if found is None:
        stop = _stop(text, mention, entities) if mention.kind == "date" else None
        if stop and _OPENING_PLACE.match(sentence.text):
            # "In Hanoi on Monday, the two leaders signed ...": what happened at a stop that day
            return f"in {stop}", SubjectKey(event="itinerary", place=fold(stop), cls="trip")
        head = _head_noun(tokens, mention)
        return head or mention.kind, SubjectKey(event=None, place=None, label=fold(head or ""))
    at, event = found
    if event.cls in _UNANCHORED:
        return event.lemma, SubjectKey(event=None, place=None, label=event.lemma, cls=event.cls)
    if mention.kind == "money" and event.lemma in _DISBURSED:
        event = Event(event.word, *_events()["aid"])  # "released ₹500 crore to the state": money given
    place = _place(tokens, found, mention, entities)
    if event.cls in _SPAN_CLASSES and mention.kind == "date":
        place = _stop(text, mention, entities) or place
        if place is None and event.lemma == "arrival":
            place = dateline_place(document)  # "NAIROBI — She is to arrive on Oct. 6": where the report is filed
    who = None
    if event.cls == "meeting":
        who = _participants(text, tokens, at, mention, entities)
    elif event.cls == "trip" and mention.kind == "date":
        # "travel to Lima on Thursday for a meeting with Salas": a journey's day told by who is met there
        meeting = _meeting_after(tokens, mention)
        who = _participants(text, tokens, meeting, mention, entities) if meeting is not None else None
    elif event.cls == "aid" and mention.kind == "money":
        who = _donor(text, sentence, mention, entities)
    what = _object_of(text, tokens, at) if event.cls == "launch" else None
    if holder is not None and isinstance(holder.value, PlaceValue):
        what = fold(holder.value.name)  # "a $500 million Coastal Resilience Fund": the sum is that body's
    modifier = _modifier(tokens, at)
    label = " ".join(w for w in (modifier, event.lemma) if w)
    if place:
        label = f"{label} {event.preposition} {place}"
    elif who:
        label = f"{label} {'from' if event.cls == 'aid' else 'with'} {who.title()}"
    if role:
        label = f"{_TRIP_ROLES[role]} {label}"
    value = mention.value
    multi_day = isinstance(value, DateValue) and value.days > 1  # "Oct. 3-5", "next year": the whole, not a day
    if event.cls in _SPAN_CLASSES and (multi_day or role):
        # A whole trip's (or meeting's) dates align with other statements of the whole, whatever
        # stop the sentence names: "regional tour from Aug 17-22" vs "visit ... began Aug. 19".
        return label, SubjectKey(event=event.cls, place=None, role="span" if multi_day else role, cls=event.cls)
    if event.cls in _SPAN_CLASSES and place and mention.kind == "date":
        # What happened at a stop on a day: a visit, a tour or talks there are one itinerary entry.
        return label, SubjectKey(event="itinerary", place=fold(place), cls=event.cls, who=who)
    if who and mention.kind == "date":
        # A meeting named by who met, not where ("talks with Okoro on Monday"): a day of the journey like any
        # other, so it meets a source that names the place as well ("met Salas at the Palacio de Gobierno")
        return label, SubjectKey(event="itinerary", place=None, cls="meeting", who=who)
    if event.cls in _SPAN_CLASSES and mention.kind == "date":
        # A meeting or a leg with no place named: a story has many, so only equal dates meet.
        return label, SubjectKey(event=None, place=None, label=event.lemma, cls=event.cls)
    if mention.kind == "duration" and event.cls == "trip":
        # How long a journey lasted, and which places it covered: a leg's length is not the whole tour's.
        return label, SubjectKey(event="trip", place=None, cls="trip", scope=_scope(text, tokens[at], entities))
    if mention.kind == "duration" and event.cls in _SPAN_CLASSES:
        # How long talks lasted: talks and meetings are one thing, told apart by who met, else where.
        where = place or _sentence_place(tokens, sentence, at, entities) or dateline_place(document)
        return label, SubjectKey(event=event.cls, place=fold(where) if where else None, cls=event.cls, who=who)
    if isinstance(mention.value, QuantityValue):
        # "48 people" and "12 kilometres" in one sentence about a quake are never one figure
        unit = unit_family(mention.value.unit)
        return f"{label} ({mention.value.unit})", SubjectKey(event=f"{event.lemma}:{unit}", place=None, cls=event.cls)
    if what and not place:
        label = f"{label} of the {what}"
    key = SubjectKey(event=event.lemma, place=fold(place) if place else None, cls=event.cls, who=who, what=what)
    return label, key


_TOLL_WORDS = {word: toll for toll, words in TOLLS.items() for word in words}
_WHOLE_BEFORE = re.compile(r"\b(?:out\s+)?of\s+(?:the|its|their|all)\s+(?:[\w-]+['’]s\s+)?$", re.I)
_PROJECTED = re.compile(r"\b(?:up to|could|may|might|as many as|at risk)\b", re.I)
# Nouns a toll counts people by; a toll of anything else ("24 districts affected") is a figure of its own
_COUNTED_PEOPLE = frozenset("people persons person residents civilians villagers inhabitants individuals".split())
_FROM_HOMES = re.compile(r"\s+(?:people\s+)?(?:from|out\s+of)\s+their\s+homes\b")  # "forced 420,000 from their homes"
_TOLL_WINDOW = 12  # words after a count in which "were killed" may name what it counts, up to a comma


def _figure_of(
    document: Document, sentence: Sentence, mention: Mention, value: QuantityValue
) -> tuple[str, SubjectKey] | None:
    """The running figure a count is: a toll ("killing at least 48 people", "800 people were killed" are the
    dead), or a quake's magnitude. A toll in a sentence about an earlier year is that year's event's."""
    text = document.text
    if value.unit == "magnitude":
        event = _events().get(_next_word(text, mention.end), ("earthquake", "", ""))[0]
        return f"{event} magnitude", SubjectKey(event=f"measure:magnitude:{event}", place=None)
    toll = _TOLL_WORDS.get(value.unit or "")
    if toll and mention.rule == "partitive":
        # "Nine of the deaths were caused by landslides": a part of the toll, told by what it is a part for
        return f"part of the {toll}", SubjectKey(event=None, place=None, label=f"part of the {toll}")
    if _FROM_HOMES.match(text, mention.end):
        toll = "displaced"
    # a count with no noun ("rose to 112") takes its toll from further back: "the number of people killed ..."
    reach, words = (24, 2) if value.unit else (CLAUSE_CHARS, 30)
    near = re.findall(r"[a-z]+", text[max(sentence.start, mention.start - reach) : mention.start].casefold())[-words:]
    after = re.findall(r"[a-z]+|[,;]", text[mention.end : mention.end + 60].casefold())[:_TOLL_WINDOW]
    far = re.findall(r"[a-z]+|[,;]", text[max(sentence.start, mention.start - 80) : mention.start].casefold())
    # nearest first: the words right before, then those after up to a comma, then further back up to one
    # ("affected more than 1.4 million people in 24 of the state's 35 districts")
    for found in (reversed(near), after, reversed(far[-_TOLL_WINDOW:])):
        toll = toll or _toll_word(found)
    if value.unit and _WHOLE_BEFORE.search(text, max(sentence.start, mention.start - 30), mention.start):
        # "24 of the state's 35 districts": the whole, a fixed figure of its own
        return f"all {value.unit}", SubjectKey(event=f"whole:{unit_family(value.unit)}", place=None)
    if toll is None or _PROJECTED.search(text, max(sentence.start, mention.start - 40), mention.end + 30):
        return None  # "up to 1.2 million could be affected": a projection, not a count of the running figure
    nearby = text[max(sentence.start, mention.start - CLAUSE_CHARS) : min(sentence.end, mention.end + CLAUSE_CHARS)]
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", nearby)]
    published = document.published.year if document.published else None
    earlier = [y for y in years if published is not None and y < published - 1]
    if earlier:
        return f"{toll} ({earlier[0]})", SubjectKey(event=f"figure:{toll}:{earlier[0]}", place=None)
    if value.unit and value.unit not in TOLLS[toll] and value.unit not in _COUNTED_PEOPLE:
        # "310 relief camps had been opened in the affected districts": a running count of camps, not of people
        return value.unit, SubjectKey(event=f"figure:count:{unit_family(value.unit)}", place=None)
    return toll, SubjectKey(event=f"figure:{toll}", place=None)


def _toll_word(words: Iterable[str]) -> str | None:
    """The toll the first toll word names, up to a comma."""
    for word in words:
        if word in (",", ";"):
            return None
        if word in _TOLL_WORDS:
            return _TOLL_WORDS[word]
    return None


def _next_word(text: str, at: int) -> str:
    m = re.match(r"\W*([a-z]+)", text[at : at + 30].casefold())
    return m.group(1) if m else ""


_SCENE_REACH = 12  # words from an event to the "in <place>" that sets it, when the sentence does not open with one


def _sentence_place(tokens: tuple[_Token, ...], sentence: Sentence, event_at: int, entities: Entities) -> str | None:
    """Where the sentence sets its event: an opening "In Hanoi on Monday, ..." covers the whole sentence; else
    the "in/at <place>" nearest the event word, not "Filipinos living in Canada" at the far end."""
    opening = bool(tokens) and tokens[0].start == sentence.start and tokens[0].text.casefold() in ("in", "at")
    nearest = sorted(range(len(tokens) - 1), key=lambda i: abs(i - event_at))
    for i in [0] * opening + [i for i in nearest if abs(i - event_at) <= _SCENE_REACH]:
        if tokens[i].text.casefold() in ("in", "at"):
            name, _ = _name_at(tokens, i + 1, entities)
            if name:
                return name
    return None


def _head_noun(tokens: tuple[_Token, ...], mention: Mention) -> str | None:
    """For an event-less claim, the words it modifies ("2024 annual income tax returns")."""
    after = [t for t in tokens if t.start >= mention.end][:4]
    words = []
    for t in after:
        if not t.text.isalpha() or t.text.casefold() in _NOT_NAMES:
            break
        words.append(t.text)
    return " ".join(words) or None


# --- modality and attribution ---------------------------------------------------

_HEDGED = re.compile(
    r"\b(?:reportedly|may|might|could|possibly|possible|considering|consider|allegedly|rumou?red|likely|"
    r"unconfirmed|believed to|said to be|thought to|appears? to|seems? to|potential)\b",
    re.I,
)


def modality_of(text: str, sentence: Sentence, mention: Mention) -> Modality:
    clause = text[max(sentence.start, mention.start - CLAUSE_CHARS) : mention.end]
    if _HEDGED.search(clause):
        return "hedged"
    if clause_tense(clause) == "future" or clause_tense(sentence.text) == "future":
        return "planned"
    return "reported"


_SAY = (
    r"(?:said|says|added|adds|told|reported|reports|noted|notes|stated|announced|confirmed|wrote|posted|"
    r"tweeted|indicated|indicate|indicates|claimed|claims)"
)
_SAYS = re.compile(r"\s+" + _SAY + r"\b")  # "Lestari said ...": a speaker, not a participant
_ATTRIBUTIONS = (
    re.compile(r",\s*(?P<who>[^,;\"“”]{2,80}?)\s+" + _SAY + r"\b[^,;]*[.!?\"”]*$"),
    re.compile(r"\baccording to (?P<who>[^,.;\"“”]{2,80})", re.I),
    re.compile(r"[\"”]\s*,?\s*(?P<who>[A-Z][^,.;\"“”]{1,60}?)\s+" + _SAY + r"\b"),
    re.compile(r"^(?P<who>[A-Z][^,;\"“”]{1,60}?)\s+" + _SAY + r"\b"),
    re.compile(r"\bciting (?P<who>[^,.;]{2,60})", re.I),
)


@lru_cache(maxsize=256)
def attribution_of(sentence: Sentence) -> str | None:
    for pattern in _ATTRIBUTIONS:
        m = pattern.search(sentence.text)
        if m:
            who = m.group("who").strip()
            if len(who.split()) <= 10 and who.casefold() not in ("it", "he", "she", "they", "we", "i"):
                return who
    return None


# --- context ---------------------------------------------------------------------

_CONTEXT_TOKENS = 10  # words either side of a mention that say what else it is about
_FUNCTION_WORDS = frozenset(
    """a an the and or but if of in on at to for from by with as into onto over under about after before
    since until than then that this these those there here which who whom whose what when where while
    is are was were be been being has have had do does did will would shall should can could may might
    must not no nor so also still yet just only even more most less least very much many some any all
    each other such own same few both it its he his him she her they their them we our us you your i my
    me said says told according officials official added per cent percent people one two three""".split()
)
_NOT_CONTEXT = _FUNCTION_WORDS | frozenset(MONTHS) | frozenset(WEEKDAYS)


def _stem(word: str) -> str:
    """A crude English stem, enough to meet "crossed"/"crossing", "floods"/"flooded": the language is
    fixed, and a story's own words are compared only with each other."""
    word = word.casefold().removesuffix("'s").removesuffix("’s")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def context_of(sentence: Sentence, mention: Mention) -> frozenset[str]:
    """The content words near a mention: two sources dating one thing use some of the same words around
    the date ("the Brahmaputra crossed the danger level at Neamatighat on Sunday")."""
    tokens = _tokens(sentence)
    at = bisect_left(_starts(sentence), mention.start)
    end = bisect_left(_starts(sentence), mention.end)
    near = tokens[max(0, at - _CONTEXT_TOKENS) : at] + tokens[end : end + _CONTEXT_TOKENS]
    return frozenset(
        _stem(t.text) for t in near if t.text.isalpha() and len(t.text) > 2 and t.text.casefold() not in _NOT_CONTEXT
    )
