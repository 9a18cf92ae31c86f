"""What alignment puts together and keeps apart, on small stories written for the purpose (not the fixtures):
meetings told apart by who met, a leg's length and a tour's, dated events told apart by their words."""

from __future__ import annotations

from reconcile import Finding, Report, Source, StoryInfo, reconcile


def _story(*texts: str, published: str = "2026-03-04") -> Report:
    sources = [
        Source(id=f"s{i}", outlet=f"Outlet {i}", published=published, text=text)  # type: ignore[arg-type]
        for i, text in enumerate(texts, start=1)
    ]
    return reconcile(sources, StoryInfo(id="t"))


def _findings(report: Report, kind: str, text: str) -> list[Finding]:
    """The findings holding a claim of this kind whose text is this."""
    ids = {c.id for c in report.claims if c.kind == kind and c.text == text}
    return [f for f in report.findings if ids & set(f.claims)]


def _sources(report: Report, finding: Finding) -> set[str]:
    by_id = {c.id: c.source for c in report.claims}
    return {by_id[c] for c in finding.claims}


def test_two_meetings_on_one_trip_are_told_apart_by_who_met() -> None:
    report = _story(
        "Foreign Minister Ana Ruiz held talks with Italian Foreign Minister Marco Bellini on March 2. "
        "She met Prime Minister Giulia Conti on March 3.",
        "Ruiz met Italian Foreign Minister Marco Bellini on March 2 and held talks with Prime Minister "
        "Giulia Conti on March 4.",
    )
    (bellini,) = _findings(report, "date", "March 2")
    assert bellini.verdict == "agree" and _sources(report, bellini) == {"s1", "s2"}
    (conti,) = _findings(report, "date", "March 3")
    assert conti.verdict == "conflict"  # one meeting with Conti, two days for it
    assert _sources(report, conti) == {"s1", "s2"}


def test_a_legs_length_is_not_the_whole_tours() -> None:
    report = _story(
        "Foreign Minister Ana Ruiz began a five-day tour of Kenya, Ethiopia and Ghana on Monday.",
        "Ruiz, who is on a three-day visit to Kenya, will tour the port of Mombasa on Wednesday.",
        "The five-day trip to Kenya, Ethiopia and Ghana is Ruiz's first to Africa.",
    )
    (tour,) = {f.id: f for f in _findings(report, "duration", "five-day")}.values()
    assert tour.verdict == "agree" and _sources(report, tour) == {"s1", "s3"}
    (leg,) = _findings(report, "duration", "three-day")
    assert leg.verdict == "addition"


def test_a_tours_length_still_meets_a_rival_length_of_the_whole() -> None:
    report = _story(
        "Foreign Minister Ana Ruiz began a five-day tour of Kenya, Ethiopia and Ghana on Monday.",
        "Ruiz is on a four-day tour of Kenya, Ethiopia and Ghana.",
    )
    (finding,) = {f.id: f for f in _findings(report, "duration", "five-day")}.values()
    assert finding.verdict == "conflict"


def test_one_day_in_two_outlets_meets_only_where_their_words_tie_it_to_one_thing() -> None:
    report = _story(
        "The Lomba river crossed the danger level at Kesi on Sunday, the water commission said.",
        "The Lomba crossed the danger mark at Kesi on Sunday and was still rising.",
        "A landslide buried three homes in the hills above the capital on Sunday.",
    )
    findings = {f.id: f for f in _findings(report, "date", "Sunday")}.values()
    assert sorted(sorted(_sources(report, f)) for f in findings) == [["s1", "s2"], ["s3"]]
    assert all(f.verdict != "conflict" for f in findings)


def test_a_datelines_day_dates_the_report_and_a_saying_dates_only_what_is_said_by_it() -> None:
    report = _story(
        "NAIROBI, March 3 (Wire) — The Lomba river crossed the danger level at Kesi on Sunday, officials "
        "said on Tuesday.",
    )
    subjects = {c.text: c.subject for c in report.claims if c.kind == "date"}
    assert subjects["March 3"] == "dateline"
    assert subjects["Tuesday"] == "statement"
    assert subjects["Sunday"] != "statement"


def test_a_meeting_opened_by_its_day_is_told_by_who_the_traveller_met() -> None:
    report = _story(
        "On Monday, Ruiz held a 45-minute meeting with Trade Minister Omar Haddad, after which the two signed "
        "a deal. Foreign Minister Ana Ruiz met Prime Minister Giulia Conti on Tuesday.",
        "Ruiz held talks with Trade Minister Omar Haddad on Monday afternoon.",
    )
    (haddad,) = _findings(report, "date", "Monday")
    assert haddad.verdict == "agree" and _sources(report, haddad) == {"s1", "s2"}
    assert "Haddad" in haddad.subject


def test_an_arrival_with_no_place_is_at_the_datelines_city() -> None:
    report = _story(
        "LIMA — Foreign Minister Ana Ruiz is scheduled to arrive on March 6 for a three-day visit to Peru.",
        "Ruiz will arrive in Lima on March 7, officials said.",
        published="2026-03-04",
    )
    (arrival,) = _findings(report, "date", "March 6")
    assert arrival.verdict == "conflict" and _sources(report, arrival) == {"s1", "s2"}


def test_a_list_of_places_does_not_part_a_date_from_its_trip() -> None:
    report = _story(
        "Ruiz wrapped up a five-day tour of Kenya, Ethiopia and Ghana in Accra on Friday, leaving behind pledges.",
        "The trip began in Nairobi on Monday. Ruiz flew to Accra on Friday.",
    )
    subjects = {c.text: c.subject for c in report.claims if c.kind == "date"}
    assert subjects["Monday"] == "trip to Nairobi"
    (accra,) = {f.id: f for f in _findings(report, "date", "Friday")}.values()
    assert accra.verdict == "agree" and _sources(report, accra) == {"s1", "s2"}


def test_an_earlier_disaster_told_without_its_place_is_the_one_told_with_it() -> None:
    report = _story(
        "Residents said the water reminded them of the 2019 floods, when large parts of Majuli and Dhemaji were "
        "cut off. "
        "The floods in Goalpara this week have killed 12 people.",
        "Many embankments failed again, as they had in the 2019 floods, an engineer said.",
        published="2025-07-08",
    )
    (earlier,) = {f.id: f for f in _findings(report, "date", "2019")}.values()
    assert earlier.verdict == "agree" and _sources(report, earlier) == {"s1", "s2"}


def test_running_figures_named_far_back_or_by_a_phrase_meet_their_figure() -> None:
    report = _story(
        "Rain has affected more than 1.4 million people in 24 of the state's 35 districts, officials said. "
        "The floods have forced about 420,000 from their homes.",
        "Over 21 lakh people in 27 districts are now affected. More than 4 lakh people have been displaced.",
        published="2025-07-08",
    )
    (districts,) = _findings(report, "quantity", "24")
    assert districts.verdict == "conflict" and _sources(report, districts) == {"s1", "s2"}
    (displaced,) = _findings(report, "quantity", "about 420,000")
    assert displaced.verdict == "agree" and _sources(report, displaced) == {"s1", "s2"}


def test_a_part_of_a_toll_is_not_a_rival_toll() -> None:
    report = _story(
        "The floods have killed 112 people. Nine of the deaths were caused by landslides.",
        "The number of people killed in the floods rose to 112 on Wednesday.",
        published="2025-07-09",
    )
    (part,) = _findings(report, "quantity", "Nine")
    assert part.verdict == "addition"
    (toll,) = _findings(report, "quantity", "112 people")
    assert toll.verdict == "agree" and _sources(report, toll) == {"s1", "s2"}


def test_sums_given_are_told_apart_by_who_gives_them() -> None:
    report = _story(
        "The federal government will release an advance of Rs 500 crore (about $58 million) to the state. "
        "The Asian Development Bank said it stood ready to provide $25 million in grants.",
        "The Centre has released ₹500 crore to the state as an advance.",
        "The national government has pledged $580 million in emergency aid to the state.",
        published="2025-07-09",
    )
    (central,) = _findings(report, "money", "$580 million")
    assert central.verdict == "conflict" and _sources(report, central) == {"s1", "s2", "s3"}
    (bank,) = _findings(report, "money", "$25 million")
    assert bank.verdict == "addition" and "Asian Development Bank" in bank.subject


def test_a_deal_a_package_and_an_agreement_are_one_sum_across_currencies() -> None:
    report = _story(
        "The two countries are expected to sign a €50 million (about 7.6 billion Kenyan shillings) package.",
        "The two signed a renewable energy deal worth 7.6 billion shillings (€50 million).",
        "Ruiz signed a €50 million energy agreement with Kenya.",
        published="2025-10-07",
    )
    (deal,) = _findings(report, "money", "€50 million")
    assert deal.verdict == "agree" and _sources(report, deal) == {"s1", "s2", "s3"}


def test_a_return_home_is_one_event_wherever_a_source_says_home_is() -> None:
    report = _story(
        "She will visit Tokyo on Friday before flying home on Saturday.",
        "She returns to Ottawa on Saturday.",
        "She was due to fly home to Ottawa later on Saturday.",
        published="2025-11-13",
    )
    (home,) = {f.id: f for f in _findings(report, "date", "Saturday")}.values()
    assert home.verdict == "agree" and _sources(report, home) == {"s1", "s2", "s3"}
    assert "return" in home.subject


def test_a_meetings_length_is_set_where_the_report_is_filed_not_where_a_far_clause_points() -> None:
    report = _story(
        "HÀ NỘI — The talks, which lasted more than two hours, covered trade.",
        "In Hanoi on Monday, the two leaders signed a memorandum after a 90-minute meeting.",
        "MANILA — The meeting, which officials said ran for about an hour, also covered the welfare of the "
        "Filipinos living in Canada.",
    )
    (hanoi,) = _findings(report, "duration", "more than two hours")
    assert hanoi.verdict == "conflict" and _sources(report, hanoi) == {"s1", "s2"}
    (manila,) = _findings(report, "duration", "about an hour")
    assert manila.verdict == "addition"


def test_a_sum_announced_is_about_what_it_is_for_not_the_announcing() -> None:
    report = _story(
        "Thibodeau announced C$35 million in support for climate adaptation projects in the Mekong Delta.",
        "Ottawa also pledged C$35 million for climate adaptation in the Mekong Delta.",
    )
    (aid,) = {f.id: f for f in _findings(report, "money", "C$35 million")}.values()
    assert aid.verdict == "agree" and _sources(report, aid) == {"s1", "s2"}


def test_a_journeys_day_meets_the_meeting_it_was_for_and_an_opening_place_sets_the_scene() -> None:
    report = _story(
        "Ruiz will travel to Lima on Thursday for a meeting with President Jorge Salas.",
        "President Jorge Salas met Foreign Minister Ana Ruiz at the Palacio de Gobierno on March 5.",
        "Ruiz arrives in Lima on Thursday.",
        "In Lima on Thursday, Ruiz and her hosts will sign a memorandum on lithium.",
        published="2026-03-03",
    )
    (lima,) = {f.id: f for f in _findings(report, "date", "Thursday")}.values()
    assert lima.verdict == "agree" and _sources(report, lima) == {"s1", "s2", "s3", "s4"}


def test_a_figure_modifies_the_head_of_its_compound() -> None:
    report = _story(
        "Leaders will gather in Jakarta for a three-day meeting running Oct. 3-5 and endorse a five-year action plan.",
        "The two-day leaders' summit in Jakarta closed on Sunday. The draft includes a five-year maritime action "
        "plan covering 2026 to 2030.",
        published="2025-10-06",
    )
    (length,) = _findings(report, "duration", "three-day")
    assert length.verdict == "conflict" and _sources(report, length) == {"s1", "s2"}
    (plan,) = {f.id: f for f in _findings(report, "duration", "five-year")}.values()
    assert plan.verdict == "agree" and _sources(report, plan) == {"s1", "s2"}


def test_who_speaks_of_a_meeting_is_not_who_met_and_a_later_meeting_is_its_own_occurrence() -> None:
    report = _story(
        "Foreign Minister Sekar Ayuningtyas said the foreign ministers' meeting on Oct. 3 would finalise the "
        "declaration. The next summit will be held in Singapore next year.",
        "Foreign ministers will meet on Friday to finalise the draft declaration. Singapore will host the next "
        "summit in 2026.",
        published="2025-10-02",
    )
    (ministers,) = {f.id: f for f in _findings(report, "date", "Oct. 3")}.values()
    assert ministers.verdict == "agree" and _sources(report, ministers) == {"s1", "s2"}
    (next_summit,) = {f.id: f for f in _findings(report, "date", "2026")}.values()
    assert next_summit.verdict == "agree" and _sources(report, next_summit) == {"s1", "s2"}


def test_a_date_in_a_relative_clause_dates_that_clause() -> None:
    report = _story(
        "President Hendra Wicaksono, who holds the rotating chair this year, is expected to hold a bilateral "
        "meeting with Prime Minister Azman Harun on Saturday.",
        published="2025-10-02",
    )
    subjects = {c.text: c.subject for c in report.claims if c.kind == "date"}
    assert "meeting" not in subjects["this year"]


def test_an_offset_is_the_length_of_what_comes_before_it() -> None:
    report = _story(
        "Rescue teams ended the search-and-rescue phase in Quindío on Thursday, 72 hours after the earthquake.",
        "Since the three-day search-and-rescue operation ended on Thursday, crews have turned to demolition.",
        published="2026-02-09",
    )
    (length,) = _findings(report, "duration", "72 hours")
    assert length.verdict == "agree" and _sources(report, length) == {"s1", "s2"}
    (ended,) = {f.id: f for f in _findings(report, "date", "Thursday")}.values()
    assert ended.verdict == "agree" and _sources(report, ended) == {"s1", "s2"}


def test_a_fiscal_year_named_two_ways_is_one_year_and_a_longer_period_is_another() -> None:
    report = _story(
        "India's finance minister presented a Union Budget for 2026-27. The state's share is set by the award "
        "period (2026-31).",
        "India's finance minister set a deficit target for fiscal 2027.",
        published="2026-02-01",
    )
    (year,) = _findings(report, "date", "2026-27")
    assert year.verdict == "agree" and _sources(report, year) == {"s1", "s2"}
    (period,) = _findings(report, "date", "2026-31")
    assert period.verdict == "addition"


def test_two_things_presented_on_two_days_do_not_conflict() -> None:
    report = _story(
        "Finance Minister Meera Raghunathan on Sunday presented a Union Budget for 2026-27. The Economic Survey, "
        "tabled in Parliament on Thursday, projected growth of 7%.",
        "The Union Budget presented in Parliament on Sunday raised the tax on options.",
        published="2026-02-02",
    )
    assert not [f for f in report.findings if f.kind == "date" and f.verdict == "conflict"]
    (budget,) = {f.id: f for f in _findings(report, "date", "Sunday")}.values()
    assert budget.verdict == "agree" and _sources(report, budget) == {"s1", "s2"}


def test_a_relative_clause_with_no_event_dates_its_antecedent() -> None:
    report = _story(
        "The surprise was an increase in the transaction tax on futures and options, which will take effect "
        "from April 1.",
        published="2026-02-01",
    )
    subjects = {c.text: c.subject for c in report.claims if c.kind == "date"}
    assert subjects["April 1"] == "tax"


def test_a_date_that_opens_its_sentence_dates_the_clause_it_opens() -> None:
    report = _story(
        "On the sidelines on Oct. 4, Indonesian President Hendra Wicaksono and Malaysian Prime Minister Azman "
        "Harun spent three-quarters of an hour discussing the maritime boundary.",
        "Wicaksono and Harun met for 45 minutes on Saturday on the sidelines of the summit.",
        published="2025-10-06",
    )
    (bilateral,) = {f.id: f for f in _findings(report, "date", "Oct. 4")}.values()
    assert bilateral.verdict == "agree" and _sources(report, bilateral) == {"s1", "s2"}


def test_a_budgets_lines_and_total_are_told_apart_by_their_own_words() -> None:
    report = _story(
        "India's finance minister presented a budget that raises public capital expenditure to ₹12.2 lakh crore. "
        "Total expenditure is budgeted at ₹53.5 lakh crore. Gross market borrowing is pegged at ₹15.6 lakh crore. "
        "The railways got a record capital outlay of ₹2.9 lakh crore.",
        "India unveiled a $618 billion budget. Capital expenditure will rise to 12.2 trillion rupees ($141 billion). "
        "Gross market borrowing is budgeted at a record 15.6 trillion rupees.",
        published="2026-02-01",
    )
    lines = [
        ("₹12.2 lakh crore", "12.2 trillion rupees ($141 billion)"),
        ("₹53.5 lakh crore", "$618 billion"),
        ("₹15.6 lakh crore", "15.6 trillion rupees"),
    ]
    for text, other in lines:
        (line,) = _findings(report, "money", text)
        assert line.verdict == "agree" and _sources(report, line) == {"s1", "s2"}, (text, line.explanation)
        assert line == _findings(report, "money", other)[0]
    assert not [f for f in report.findings if f.kind == "money" and f.verdict == "conflict"]


def test_a_measures_effective_date_given_months_apart_is_one_change_told_two_ways() -> None:
    report = _story(
        "The higher securities transaction tax on futures and options, effective April 1, dominated talk.",
        "The securities transaction tax on futures and options will increase from July 1.",
        published="2026-02-01",
    )
    (tax,) = {f.id: f for f in _findings(report, "date", "April 1")}.values()
    assert tax.verdict == "conflict" and _sources(report, tax) == {"s1", "s2"}


def test_one_deadline_at_two_precisions_agrees_and_words_alone_never_make_a_conflict() -> None:
    report = _story(
        "India's minister said broadband would reach all village councils by March 2027 under the BharatNet programme.",
        "India's minister also said the BharatNet rural broadband network would reach every village council by "
        "the end of fiscal 2027.",
        "The BharatNet broadband network would reach every village council by 2025, an earlier plan said.",
        published="2026-02-01",
    )
    (deadline,) = _findings(report, "date", "March 2027")
    assert deadline.verdict == "agree" and _sources(report, deadline) == {"s1", "s2"}
    assert not [f for f in report.findings if f.kind == "date" and f.verdict == "conflict"]


def test_a_state_governments_sum_is_not_the_national_governments() -> None:
    report = _story(
        "The federal government will release an advance of Rs 500 crore to the state.",
        "The state government has set aside Rs 50 crore in aid for the flood-hit districts.",
        published="2025-07-09",
    )
    assert not [f for f in report.findings if f.kind == "money" and f.verdict == "conflict"]


def test_a_sum_is_the_size_of_the_named_body_it_modifies() -> None:
    report = _story(
        "Leaders are expected to launch a $500 million Blue Economy Fund.",
        "Indonesia is proposing a Blue Economy Fund with initial capital of US$500 million.",
        "Leaders launched a US$500-million fund for coastal infrastructure on Sunday.",
        "Thailand will contribute US$20 million to the new Blue Economy Fund.",
        published="2025-10-06",
    )
    (fund,) = _findings(report, "money", "$500 million")
    assert fund.verdict == "agree" and _sources(report, fund) == {"s1", "s2", "s3"}
    assert not [f for f in report.findings if f.kind == "money" and f.verdict == "conflict"]


def test_a_plans_period_and_the_month_it_starts_are_not_one_date_at_two_precisions() -> None:
    report = _story(
        "The declaration commits members to a five-year action plan starting in January 2026, officials said.",
        "The draft includes a five-year maritime action plan covering 2026 to 2030, officials said.",
        published="2025-10-06",
    )
    (period,) = _findings(report, "date", "2026 to 2030")
    assert period.verdict == "addition"
