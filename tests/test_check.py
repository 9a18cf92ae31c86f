"""`check_draft`: a draft's claims against its sources' (conflict, unsupported, agree), at the draft's lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reconcile.check import (
    Baseline,
    BaselineError,
    CheckResult,
    ConfigError,
    DraftFinding,
    changed_lines,
    check_draft,
    parse_baseline,
    updated_baseline,
)
from reconcile.check_config import config_from, find_config, load_config
from reconcile.draft import parse_draft
from reconcile.errors import EmptySourceError, InputError, InvalidDateError, SourceFormatError
from reconcile.settings import Settings
from reconcile.story import load_story
from reconcile.types import DateValue, Source

from .conftest import FIXTURES, STORIES

DRAFTS = FIXTURES / "drafts"
SETTINGS = Settings()
SOURCES = load_story(STORIES / "nakatani-turkey", SETTINGS)[1]
HEAD = "---\ndate: 2025-08-22\n---\n"


def check(text: str, path: str = "draft.md", **kwargs: object) -> CheckResult:
    return check_draft(text, path, SOURCES, settings=SETTINGS, **kwargs)  # type: ignore[arg-type]


def fixture(name: str, **kwargs: object) -> CheckResult:
    path = DRAFTS / name
    return check(path.read_text(encoding="utf-8"), f"fixtures/drafts/{name}", **kwargs)


def only(result: CheckResult, verdict: str) -> list[DraftFinding]:
    return [f for f in result.findings if f.verdict == verdict]


def at(result: CheckResult, text: str) -> DraftFinding:
    return next(f for f in result.findings if f.text == text)


# --- the bundled story's drafts ---------------------------------------------------


def test_a_wrong_date_is_a_conflict_at_its_line_and_column_with_the_sources_values_and_quotes() -> None:
    result = fixture("nakatani-wrong.md")
    [conflict] = only(result, "conflict")
    assert (conflict.line, conflict.column, conflict.end_line, conflict.end_column) == (14, 34, 14, 41)
    assert conflict.text == "Aug. 21"
    assert conflict.severity == "error"
    assert conflict.kind == "date" and conflict.relation == "disjoint"
    assert conflict.value == DateValue(start=date(2025, 8, 21), end=date(2025, 8, 21), granularity="day")
    assert {(e.source, e.display, e.text) for e in conflict.evidence} == {
        ("hurriyet", "Aug 20", "Aug. 20"),
        ("livemint", "Aug 20", "Wednesday"),
    }
    assert not any(e.agrees for e in conflict.evidence)
    assert conflict.message == (
        "visit to Istanbul: the draft says Aug 21 (“Aug. 21”), but hurriyet and livemint say Aug 20 (as a plan): "
        "the dates do not overlap."
    )
    assert result.failed and result.summary.conflict == 1
    raw = (DRAFTS / "nakatani-wrong.md").read_text(encoding="utf-8")
    assert raw[conflict.span[0] : conflict.span[1]] == "Aug. 21"
    assert raw.splitlines()[conflict.line - 1][conflict.column - 1 : conflict.end_column - 1] == "Aug. 21"


def test_the_corrected_draft_passes_with_every_claim_supported() -> None:
    result = fixture("nakatani-right.md")
    assert not result.failed
    assert result.summary.conflict == result.summary.unsupported == 0
    assert at(result, "Aug. 20").verdict == "agree"
    assert {e.source for e in at(result, "Aug. 20").evidence if e.agrees} == {"hurriyet", "livemint"}


def test_markdown_noise_is_not_content_and_findings_point_into_the_draft_as_written() -> None:
    result = fixture("nakatani-noisy.md")
    texts = {f.text for f in result.findings}
    assert not any("Aug. 30" in t or "Aug. 25" in t for t in texts)  # an HTML comment, a code block
    assert result.draft.published == date(2025, 8, 21) and result.draft.published_from == "front_matter"
    assert result.draft.title == "Japan eyes Turkish drones"
    baykar = at(result, "Baykar")  # a link's text, on the line after the one its sentence starts on
    assert (baykar.line, baykar.column) == (13, 2)
    ankara = at(result, "ANKARA")  # inside **bold**
    assert (ankara.line, ankara.column) == (12, 3)
    raw = (DRAFTS / "nakatani-noisy.md").read_text(encoding="utf-8")
    for f in result.findings:
        line = raw.splitlines()[f.line - 1]
        assert line[f.column - 1 :].startswith(f.text.split()[0]), f


@pytest.mark.parametrize(
    ("text", "verdict", "kind", "line"),
    [
        pytest.param("45-minute", "conflict", "duration", 16, id="a wrong figure"),
        pytest.param("Nakatani", "conflict", "person", 12, id="a wrong title"),
        pytest.param("Some 40 companies", "unsupported", "quantity", 24, id="an unsupported number"),
        pytest.param("Wednesday", "agree", "date", 13, id="a right relative date"),
    ],
)
def test_each_claim_of_the_noisy_draft(text: str, verdict: str, kind: str, line: int) -> None:
    finding = at(fixture("nakatani-noisy.md"), text)
    assert (finding.verdict, finding.kind, finding.line) == (verdict, kind, line)


def test_a_wrong_title_is_not_saved_by_a_source_that_names_the_person_without_it() -> None:
    finding = at(fixture("nakatani-noisy.md"), "Nakatani")
    assert finding.message == (
        "Nakatani: the draft says Nakatani (foreign minister gen) (“Nakatani”), but hurriyet says "
        "Nakatani (defense minister gen): the titles differ."
    )
    assert [(e.source, e.agrees) for e in finding.evidence] == [("hurriyet", False), ("livemint", True)]


def test_a_wrong_figure_names_what_the_source_says() -> None:
    finding = at(fixture("nakatani-noisy.md"), "45-minute")
    assert finding.relation == "differs"
    assert "hurriyet says more than 1 hour 30 minutes" in finding.message
    assert finding.evidence[0].text == "over-90-minute"


def test_an_unsupported_claim_is_a_warning_with_no_evidence() -> None:
    finding = at(fixture("nakatani-noisy.md"), "Some 40 companies")
    assert finding.severity == "warning" and finding.evidence == [] and finding.relation is None
    assert finding.message.endswith("no source states about 40 companies (“Some 40 companies”).")


def test_agreeing_with_one_side_of_the_sources_own_conflict_is_supported_and_says_they_disagree() -> None:
    result = check(HEAD + "Nakatani's regional tour ran from August 17–22, with stops in Djibouti and Jordan.\n")
    finding = at(result, "from August 17–22")
    assert finding.verdict == "agree"
    assert finding.sources_disagree
    assert finding.message.endswith("agrees with livemint (Aug 17–22); but hurriyet says Aug 19–20.")


# --- the draft's date ----------------------------------------------------------------

RELATIVE = "Nakatani visited Istanbul on Wednesday to tour military facilities.\n"


def test_published_option_wins_over_the_front_matter() -> None:
    result = check(HEAD + RELATIVE, published=date(2025, 8, 29))
    assert result.draft.published_from == "option"
    assert at(result, "Wednesday").verdict == "conflict"  # Aug 27


def test_front_matter_date_anchors_relative_dates() -> None:
    result = check(HEAD + RELATIVE, today=date(2030, 1, 1))
    assert result.draft.published_from == "front_matter"
    assert at(result, "Wednesday").verdict == "agree"
    assert result.notes == []


def test_today_is_used_only_when_nothing_gives_a_date_and_the_result_says_so() -> None:
    result = check(RELATIVE, today=date(2025, 8, 21))
    assert result.draft.published == date(2025, 8, 21) and result.draft.published_from == "today"
    assert result.notes == [
        "draft.md: no publication date given (--published or `date:` in the front matter): "
        "relative dates were read against today, 2025-08-21"
    ]
    assert at(result, "Wednesday").verdict == "agree"


def test_without_any_date_relative_dates_stay_unresolved_and_the_result_says_so() -> None:
    result = check(RELATIVE)
    assert result.draft.published is None and result.draft.published_from is None
    assert "relative dates were not resolved" in result.notes[0]


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("date: 2025-08-22", date(2025, 8, 22)),
        ("published: '2025-08-22T23:30:00+03:00'", date(2025, 8, 22)),
        ('date: "2025-08-22" # the desk\'s date', date(2025, 8, 22)),
        ("published: 2025-08-22\ndate: 2025-01-01", date(2025, 8, 22)),
    ],
)
def test_front_matter_dates(front: str, expected: date) -> None:
    assert parse_draft(f"---\n{front}\n---\nText.\n", "d.md").published == expected


def test_toml_front_matter() -> None:
    draft = parse_draft('+++\ndate = 2025-08-22\ntitle = "T"\n+++\nText.\n', "d.md")
    assert (draft.published, draft.title, draft.text) == (date(2025, 8, 22), "T", "Text.")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("---\ndate: 22/08/2025\n---\nText.", InvalidDateError),
        ("---\ndate: 2025-08-22\nText.", SourceFormatError),
        ("---\n: nothing\n---\nText.", SourceFormatError),
        ("   \n\n", EmptySourceError),
    ],
)
def test_bad_drafts_are_input_errors_naming_the_draft(text: str, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        check(text, "drafts/x.md")
    assert str(raised.value).startswith("drafts/x.md: ")


# --- Markdown -> plain text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("# A *heading* #", "A heading"),
        ("Setext\n======", "Setext"),
        ("[the text](https://x.org/a_(b) 'title') and ![image](i.png)", "the text and"),
        ("[ref link][r]\n\n[r]: https://x.org", "ref link"),
        (
            "**bold**, __bold__, *em*, _em_, ~~gone~~ and snake_case_name",
            "bold, bold, em, em, gone and snake_case_name",
        ),
        ("2 * 3 * 4 and a\\*b", "2 * 3 * 4 and a*b"),
        ("AT&amp;T", "AT&T"),
        ("use `code` here", "use  here"),
        ("```\nAug. 25\n```\nafter", "after"),
        ("~~~python\nx\n~~~", ""),
        ("para\n\n    indented code\n\nnext", "para\n\nnext"),
        ("<!-- a\nnote -->\nkept <!-- inline --> text", "kept  text"),
        ("> quoted\n> lines", "quoted lines"),
        ("- one\n- two\n1. three", "one\n\ntwo\n\nthree"),
        ("| a | b |\n|---|:--:|\n| c | d |", "a\n\nb\n\nc\n\nd"),
        ("hard\nwrapped\r\nlines", "hard wrapped lines"),
        ("Note[^1].\n\n[^1]: The source.", "Note.\n\nThe source."),
        ("***\n\n<div>\n\ntext<br/>", "text"),
        ("See <https://x.org> now", "See  now"),
    ],
)
def test_markdown_syntax_is_not_content(markdown: str, plain: str) -> None:
    assert parse_draft(markdown, "d.md").text == plain


def test_plain_text_drafts_keep_their_characters() -> None:
    draft = parse_draft("---\ndate: 2025-08-22\n---\n**Not** markdown [here](x).\n", "d.txt")
    assert draft.text == "**Not** markdown [here](x)."
    assert draft.published == date(2025, 8, 22)


def test_every_plain_character_maps_back_to_the_same_character_of_the_draft() -> None:
    raw = (DRAFTS / "nakatani-noisy.md").read_text(encoding="utf-8")
    draft = parse_draft(raw, "x.md")
    for start, end in draft.blocks:
        for i in range(start, end):
            if not draft.text[i].isspace():
                assert raw[draft.offsets[i]] == draft.text[i]


def test_positions_count_lines_and_characters_from_one() -> None:
    draft = parse_draft("ab\r\nçd\nef", "d.txt")
    assert [draft.position(i) for i in (0, 1, 4, 5, 7)] == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1)]


# --- baseline -------------------------------------------------------------------------------


def test_an_accepted_finding_is_quiet_until_its_values_change() -> None:
    wrong = (DRAFTS / "nakatani-wrong.md").read_text(encoding="utf-8")
    first = check(wrong, "drafts/a.md")
    baseline = updated_baseline(None, [first])
    assert [(e.verdict, e.value, e.sources) for e in baseline.findings] == [("conflict", "Aug 21", ["Aug 20"])]

    again = check(wrong, "drafts/a.md", baseline=baseline)
    assert not again.failed and again.summary.conflict == 0 and again.summary.suppressed == 1
    assert only(again, "conflict")[0].suppressed == "baseline"

    moved = check(wrong.replace("# Japan", "Some new lead paragraph.\n\n# Japan"), "drafts/a.md", baseline=baseline)
    assert not moved.failed  # where it is does not matter

    changed = check(wrong.replace("Aug. 21", "Aug. 22"), "drafts/a.md", baseline=baseline)
    assert changed.failed and only(changed, "conflict")[0].suppressed is None

    other_draft = check(wrong, "drafts/b.md", baseline=baseline)
    assert other_draft.failed


def test_rewriting_the_baseline_for_one_draft_keeps_the_others() -> None:
    wrong = (DRAFTS / "nakatani-wrong.md").read_text(encoding="utf-8")
    both = updated_baseline(None, [check(wrong, "a.md"), check(wrong, "b.md")])
    fixed = updated_baseline(both, [check(wrong.replace("Aug. 21", "Aug. 20"), "a.md")])
    assert [e.draft for e in fixed.findings] == ["b.md"]


def test_a_baseline_round_trips_and_a_bad_one_is_an_input_error() -> None:
    baseline = updated_baseline(None, [fixture("nakatani-noisy.md")])
    assert parse_baseline(baseline.model_dump_json(), "b.json") == baseline
    assert len(baseline.findings) == 3
    with pytest.raises(BaselineError, match=r"^b\.json: not a reconcile baseline"):
        parse_baseline('{"version": 2}', "b.json")
    with pytest.raises(BaselineError):
        parse_baseline("[]", "b.json")
    assert Baseline().accepted("x") == frozenset()


# --- changed lines ----------------------------------------------------------------------------

DIFF = """diff --git a/d.md b/d.md
--- a/d.md
+++ b/d.md
@@ -3 +3 @@ title
-old
+new
@@ -10,0 +11,2 @@
+added
+added
@@ -20,3 +22,0 @@
"""


def test_changed_lines_are_the_new_sides_of_the_hunks() -> None:
    assert changed_lines(DIFF) == frozenset({3, 11, 12})
    assert changed_lines("") == frozenset()


def test_findings_on_unchanged_lines_are_suppressed_and_do_not_fail() -> None:
    wrong = fixture("nakatani-wrong.md", lines=frozenset({8}))
    assert not wrong.failed
    assert {f.suppressed for f in wrong.findings if f.line != 8} == {"unchanged_line"}
    assert fixture("nakatani-wrong.md", lines=frozenset({14})).failed


# --- fail-on ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fail_on", "failed"),
    [
        ("nakatani-wrong.md", "conflict", True),
        ("nakatani-wrong.md", "never", False),
        ("nakatani-right.md", "unsupported", False),
        ("nakatani-noisy.md", "unsupported", True),
    ],
)
def test_fail_on(name: str, fail_on: str, failed: bool) -> None:
    assert fixture(name, fail_on=fail_on).failed is failed


def test_an_unsupported_claim_fails_only_at_fail_on_unsupported() -> None:
    text = HEAD + "Some 40 companies have bid to supply the drones.\n"
    assert not check(text).failed
    assert check(text, fail_on="unsupported").failed


def test_a_draft_needs_sources() -> None:
    with pytest.raises(InputError, match=r"^d\.md: no sources to check the draft against$"):
        check_draft(HEAD + "Text.", "d.md", [], settings=SETTINGS)


def test_a_source_named_draft_does_not_take_the_drafts_place() -> None:
    sources = [Source(id="draft", outlet="Draft Wire", published=date(2025, 8, 21), text=SOURCES[0].text)]
    result = check_draft(HEAD + "Nakatani visited Istanbul on Aug. 20.\n", "d.md", sources, settings=SETTINGS)
    assert [s.id for s in result.sources] == ["draft"]
    assert at(result, "Aug. 20").evidence[0].source == "draft"


# --- settings files ----------------------------------------------------------------------------


def test_config_from_reconcile_toml_resolves_paths_against_the_file(tmp_path: Path) -> None:
    (tmp_path / "reconcile.toml").write_text(
        'story = "stories/x"\nfail-on = "unsupported"\nformat = "line"\nbaseline = "b.json"\n'
        "[tolerances]\nabout-tolerance = 0.2\nsame_event_days = 30\n",
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    found = find_config(tmp_path / "sub")
    assert found == tmp_path / "reconcile.toml"
    config = load_config(found)
    assert config.story == tmp_path / "stories" / "x"
    assert config.baseline == tmp_path / "b.json"
    assert (config.fail_on, config.format) == ("unsupported", "line")
    assert config.settings.about_tolerance == 0.2 and config.settings.same_event_days == 30


def test_config_from_pyproject_only_when_it_has_a_tool_reconcile_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    assert find_config(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text('[tool.reconcile]\nsources = ["a.json"]\n', encoding="utf-8")
    assert load_config(tmp_path / "pyproject.toml").sources == (tmp_path / "a.json",)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"fail_on": "sometimes"}, "fail-on must be one of conflict, unsupported, never"),
        ({"colour": "red"}, "unknown setting 'colour'"),
        ({"tolerances": {"about-tolerance": "wide"}}, "about-tolerance must be a number"),
        ({"tolerances": {"same-event-days": 4.5}}, "same-event-days must be an integer"),
        ({"tolerances": {"nope": 1}}, "unknown setting 'nope'"),
        ({"sources": "a.json"}, "sources must be a list"),
    ],
)
def test_bad_settings_are_config_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from(table, Path("/x/reconcile.toml"))


def test_a_toll_that_rose_must_be_given_as_the_latest_report_gives_it() -> None:
    sources = load_story(STORIES / "quake-toll", SETTINGS)[1]
    text = "---\ndate: 2026-02-10\n---\nThe earthquake killed 187 people.\n\nThe earthquake killed 214 people.\n"
    result = check_draft(text, "quake.md", sources, settings=SETTINGS)
    stale, latest = at(result, "187 people"), at(result, "214 people")
    assert (stale.verdict, stale.relation) == ("conflict", "updated")
    assert stale.message == (
        "dead: the draft says 187 people (“187 people”), an earlier figure; the latest report, "
        "Global Monitor of Feb 9, gives 214 people."
    )
    assert latest.verdict == "agree" and latest.sources_disagree
