"""Off-event articles: only an article about another event is flagged, with a reason; articles about the
same event from another angle stay, whatever their format or case.

Every text here is fictional: a strike by air traffic controllers at Halvorsen Airport in the invented
city of Brennick, told by a wire, a reprint, a human-interest piece, a markets desk, a broadcast
transcript and a live blog; plus a court case about a port elsewhere (another event) and a report of
the same union's pay vote two months earlier (dated apart); a rail drivers' strike vote in another city
the same day that mentions the airport strike later (its lead is about other names), an inquiry into
last year's walkout (its lead dates its event earlier), and two same-event pieces that stay: an analysis
that recalls last year's walkout in its first sentence and a human-interest piece about a guesthouse.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import storyline
from storyline import Document
from storyline.analyse.relatedness import judge
from storyline.render import render

WIRE = """BRENNICK, March 3 (Northwire) - A 48-hour strike by air traffic controllers shut Halvorsen Airport on Tuesday, grounding 340 flights and stranding about 20,000 passengers, the airport operator Kestrel Aviation said.

The controllers' union, GATCU, called the walkout after talks over staffing and overtime broke down late on Monday. Kestrel Aviation said it had offered to hire 40 more controllers over two years, which the union called too little and too slow.

"We did not want this, but our members have been working twelve-hour shifts for months," union leader Mara Tollund told reporters outside the control tower.

Transport Minister Edvard Lind urged both sides to return to talks and said the government would not impose a settlement. Airlines including Skyrail and Nordvik Air cancelled all departures from Halvorsen until Thursday morning.

The strike is the first at Halvorsen Airport since 2009, when controllers walked out for a day over pensions."""

REPRINT = """Brennick airport shut by controllers' strike

Share this article

BRENNICK, March 3 (Northwire) - A 48-hour strike by air traffic controllers shut Halvorsen Airport on Tuesday, grounding 340 flights and stranding about 20,000 passengers, the airport operator Kestrel Aviation said.

The controllers' union, GATCU, called the walkout after talks over staffing and overtime broke down late on Monday. Kestrel Aviation said it had offered to hire 40 more controllers over two years.

"We did not want this, but our members have been working twelve-hour shifts for months," union leader Mara Tollund said.

Airlines including Skyrail and Nordvik Air cancelled all departures from Halvorsen until Thursday.

Advertisement"""

STRANDED = """Sleeping on the floor of Terminal 2: the passengers the strike left behind

Ines Varga had planned to be home in time for her daughter's birthday. Instead the nurse spent Tuesday night on a folded coat beside gate 14, one of hundreds of travellers who could not leave Halvorsen Airport after the controllers' walkout.

"Nobody told us anything for six hours," said Varga, 41, who had flown in from a conference and was due to connect to a Skyrail flight. "Then a screen said cancelled, and that was it."

Near the closed coffee stands, the Okafor family from Dunmere shared sandwiches with two students from Lisbon. Kestrel Aviation staff handed out water and blankets after midnight, and a local church opened its hall to families with small children.

By Wednesday morning the queue at the rebooking desk stretched the length of the terminal. Some passengers hired cars and drove the 600 kilometres to the next open airport; others simply waited for the strike in Brennick to end."""

MARKETS = """Skyrail shares slide as Halvorsen strike grounds fleet

Shares in Skyrail Airlines fell 6.2% on Tuesday, their biggest one-day drop this year, as the air traffic controllers' strike at Halvorsen Airport grounded most of its fleet.

Analysts at Fenwick Capital estimated the two-day walkout would cost Skyrail about 18 million in lost revenue and compensation, and cut its first-quarter profit by a tenth. Nordvik Air, which flies fewer routes from Brennick, lost 2.8%.

"The market is pricing in the risk that this is not a one-off," said Petra Holm, a transport analyst at Fenwick. "If GATCU and Kestrel Aviation cannot agree on staffing, investors will expect more stoppages this summer."

Kestrel Aviation is not listed, but bonds issued by its parent company slipped in thin trading. Fuel suppliers and the airport's retail tenants also warned of lost sales."""

TRANSCRIPT = """ANCHOR: Good evening. Halvorsen Airport in Brennick is silent tonight after air traffic controllers walked out this morning. Our reporter Tom Ashby is at the airport.

TOM ASHBY: Thank you. Behind me the departure boards show one word, cancelled, for every flight. The controllers' union GATCU says it will stay out for 48 hours. I spoke to the union leader a few minutes ago.

MARA TOLLUND: We did not want this, but our members have been working twelve-hour shifts for months. Kestrel Aviation knows what it has to do.

TOM ASHBY: Kestrel Aviation says its offer of 40 more controllers is fair and that the strike punishes passengers. The transport minister has asked both sides to talk again tomorrow.

ANCHOR: Tom Ashby at Halvorsen Airport, thank you."""

LIVE = """Live: Halvorsen Airport strike

16:10 Kestrel Aviation says talks with GATCU will resume on Wednesday morning at the transport ministry in Brennick. No flights will leave Halvorsen before Thursday.

15:25 Nordvik Air says it has moved 1,200 passengers onto coaches to other airports.

14:40 Union leader Mara Tollund tells the crowd outside the control tower that controllers "will not be blamed for years of understaffing".

13:05 Transport Minister Edvard Lind urges Kestrel Aviation and the union to return to talks.

11:50 About 20,000 passengers are affected, the airport says. Skyrail has cancelled all of its departures from Halvorsen for two days.

09:30 The strike by air traffic controllers at Halvorsen Airport has begun."""

OTHER_EVENT = """Port operator fined over crane collapse at Corran docks

A court in Corran on Monday fined Delmar Port Services 2.4 million for safety failures that led to the collapse of a container crane in 2021, in which a dock worker died and two others were hurt.

Judge Helena Stroud said the company had ignored repeated warnings from its own engineers that bolts on the crane's boom were corroded. "This was not an accident that nobody could foresee," she said.

The family of Piet Aldous, the 34-year-old crane operator who died, said outside the court that no fine could bring him back. Their lawyer, Anton Greve, said they would now sue Delmar for damages.

Delmar, which runs three terminals on the Corran estuary, said it had replaced every crane of the same model and accepted the ruling. The docks' union welcomed the verdict and called for regular independent inspections of all lifting equipment."""

EARLIER_VOTE = """Halvorsen controllers reject pay offer in union ballot

Air traffic controllers at Halvorsen Airport have rejected a pay offer from Kestrel Aviation in a ballot, their union GATCU said on Friday, opening the way to industrial action later in the year.

Of the 212 members who voted, 171 turned down the offer of a 3% rise over two years. The union said turnout was 88%, the highest in its history.

Mara Tollund, the union leader, said controllers wanted a settlement on pay and on staffing. "Nobody is talking about a strike today," she said. "But the company has to come back with a better offer."

Kestrel Aviation said it was disappointed and would study the result. Under the law the union must give two weeks' notice of any walkout, and no date has been set."""

UNRELATED = """Orchard town crowns its champion apple pie

Margit Sello has baked apple pies for forty years, and on Saturday her recipe finally won first prize at the Velden harvest fair, beating 62 other entries from bakers across the valley.

The judges praised her crisp lattice, a filling of three apple varieties picked from her own trees and a hint of cardamom that she said came from her grandmother's notebook.

"I nearly did not enter this year because my oven is so old," Sello said, holding the blue ribbon. Her grandson carried the winning pie to the tasting tent, where it was gone within minutes.

The fair, which began in 1952, also held a cider tasting, a tractor parade and a children's competition for the largest pumpkin, won by a 9-year-old with a pumpkin of 41 kilograms."""

RAIL_ELSEWHERE = """Velde Rail drivers vote to strike over staffing

Train drivers at Velde Rail in the northern city of Ostmark voted on Tuesday for a 48-hour strike next month over staffing and overtime, after talks with the operator broke down, their union SFL said.

Of the 1,140 drivers balloted, 902 backed the walkout, SFL general secretary Jannik Moss said in Ostmark. "We cannot run trains on goodwill and unpaid hours," Moss said.

Velde Rail, which carries about 90,000 commuters a day, said it had offered to hire 60 more drivers over two years and that the vote was disappointing.

The vote came on the same day as the controllers' strike that shut Halvorsen Airport in Brennick. Moss said SFL supported GATCU and its leader Mara Tollund, and called on Transport Minister Edvard Lind to meet both unions. Kestrel Aviation, Skyrail and Nordvik Air did not comment on the rail dispute.

Commuter groups in Ostmark said they would ask Velde Rail to refund season tickets for any day without trains."""

INQUIRY = """Inquiry blames Kestrel Aviation for last year's Halvorsen walkout

An inquiry into the one-day strike that closed Halvorsen Airport last year found on Thursday that Kestrel Aviation had ignored staffing warnings for months before controllers walked out in May 2025. The report, ordered by the transport ministry after the stoppage, said the operator had cut training places for new controllers in 2023 and 2024 to save money.

It found that rosters at the control tower had relied on overtime for more than half of all shifts in the year before that walkout, and that managers had been told twice in writing that the tower was short of staff.

The inquiry's chair, retired judge Sigrun Vass, said the company and the union had both failed to use the mediation service set up in 2019. She recommended an independent review of controller numbers every two years.

Kestrel Aviation said it accepted most of the findings. The report was published as controllers began a new 48-hour strike this week."""

ANALYSIS = """Why Halvorsen's controllers walked out again

The strike that closed Halvorsen Airport on Tuesday is the second in a year: controllers walked out for a day last year, in May 2025, over the same complaint about staffing, and Kestrel Aviation promised then to hire more of them.

This time GATCU says it will stay out for 48 hours, and its leader Mara Tollund says the 40 extra controllers Kestrel Aviation now offers would take two years to train. The company says the union's demand for 70 cannot be met before 2028.

Passengers and airlines are paying for the gap. Skyrail and Nordvik Air cancelled every departure from Halvorsen until Thursday, and about 20,000 travellers were stranded on the first day alone.

Transport Minister Edvard Lind has ruled out imposing a settlement, which leaves the two sides to find one at the ministry in Brennick."""

GUESTHOUSE = """Guesthouses fill up as stranded travellers look for a bed

Rosa Lindqvist runs the Harbour Rest, a twelve-room guesthouse on Quay Street in the old town. By nine on Tuesday evening every room was taken, and she had put camp beds in the breakfast room for a family of five, all of them stranded at Halvorsen Airport by the controllers' strike.

"I have never seen anything like it," Lindqvist said. "People were arriving with their suitcases and no idea where to go."

Taxi drivers said they had carried travellers into Brennick all afternoon after the walkout grounded every flight. The city's tourist office kept its phone line open until midnight and found rooms for about 300 people, most of them in small hotels near the station.

Some guests were sharing rooms with strangers they had met in the queue at the rebooking desk. Lindqvist said she would not raise her prices. "They did not choose to be here," she said."""

SAME_EVENT = [
    ("wire", WIRE, "2026-03-03"),
    ("reprint", REPRINT, "2026-03-03"),
    ("stranded", STRANDED, "2026-03-04"),
    ("markets", MARKETS, "2026-03-03"),
    ("transcript", TRANSCRIPT, "2026-03-03"),
    ("live", LIVE, "2026-03-03"),
]


def _docs(items, dated=True) -> list[Document]:
    return [Document(id=i, text=t, date=d if dated else None) for i, t, d in items]


def _lower_cased(text: str) -> str:
    """As Multi-News prints text: lower-cased, with a capital restored at each sentence start."""
    text = text.lower()
    return re.sub(r"(^|[.!?]\s+|\n\s*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def _flags(brief) -> dict[str, str | None]:
    return {d.id: d.reason for d in brief.documents if d.off_event}


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_same_event_from_other_angles_stays(dated):
    brief = storyline.brief(_docs(SAME_EVENT, dated), words=120, analysis=False)
    assert _flags(brief) == {}
    assert all(d.relatedness is not None and d.reason is None for d in brief.documents)


def test_same_event_from_other_angles_stays_in_lower_case():
    items = [(i, _lower_cased(t), d) for i, t, d in SAME_EVENT]
    assert _flags(storyline.brief(_docs(items, dated=False), words=120, analysis=False)) == {}


def test_an_article_about_another_event_is_flagged_with_its_reason():
    items = SAME_EVENT + [("port", OTHER_EVENT, "2026-03-03")]
    brief = storyline.brief(_docs(items), words=120)
    flags = _flags(brief)
    assert list(flags) == ["port"]
    assert re.fullmatch(r"shares \d+% of its lead's content and \d+ of its \d+ names with the other articles", flags["port"])
    assert all(s.sources[0].document != "port" for s in brief.summary)
    # Kept out of every analysis section too.
    assert not any(s.document == "port" for q in brief.quotes for s in q.sources)
    assert any("looks like a different event" in w and "port" in w for w in brief.warnings)


def test_lower_cased_text_flags_only_what_shares_nothing_and_marks_what_shares_little():
    """Without capitals there are no names to go by: an article of another event that shares the
    wording of the story's kind (a court, a union, workers) is kept but marked; one that shares
    nothing is flagged."""
    items = [(i, _lower_cased(t), None) for i, t, _ in SAME_EVENT + [("port", OTHER_EVENT, None)]]
    brief = storyline.brief(_docs(items, dated=False), words=120, analysis=False)
    assert _flags(brief) == {}
    marked = {d.id: d.reason for d in brief.documents if d.reason}
    assert list(marked) == ["port"] and marked["port"].startswith("may be about another event: shares")
    assert f"kept, but {marked['port']}" in render(brief, "markdown")
    assert any(s.sources[0].document == "port" for s in storyline.brief(_docs(items, dated=False), words=400).summary)
    items[-1] = ("pie", _lower_cased(UNRELATED), None)
    flags = _flags(storyline.brief(_docs(items, dated=False), words=120, analysis=False))
    assert list(flags) == ["pie"]
    assert "of its lead's content" in flags["pie"] and "closest one" in flags["pie"]


def test_the_cluster_view_carries_the_reasons():
    """brief() builds the view once: flags, relatedness and reasons side by side; the analysers'
    on_event() view keeps the reasons of the documents it keeps (a marked one among them)."""
    from storyline.api import cluster_view
    from storyline.prepare import prepare

    def view(items, dated):
        warnings: list[str] = []
        prepared = [prepare(d, i) for i, d in enumerate(_docs(items, dated))]
        return cluster_view(prepared, False, warnings), warnings

    flagged, warnings = view(SAME_EVENT + [("port", OTHER_EVENT, "2026-03-03")], True)
    reason = dict(zip(flagged.ids, flagged.reasons))["port"]
    assert flagged.off_event == tuple(i == "port" for i in flagged.ids) and reason
    assert [r for r in flagged.reasons if r] == [reason]
    assert [w for w in warnings if "different event" in w] == [
        f"document 'port' looks like a different event ({reason}); kept out of the summary"
    ]
    assert "port" not in flagged.on_event().ids and not any(flagged.on_event().reasons)

    lower = [(i, _lower_cased(t), None) for i, t, _ in SAME_EVENT + [("port", OTHER_EVENT, None)]]
    marked, warnings = view(lower, False)
    kept = marked.on_event()
    assert not any(marked.off_event) and kept.ids == marked.ids and not warnings
    assert dict(zip(kept.ids, kept.reasons))["port"].startswith("may be about another event: ")


def test_an_earlier_event_dated_apart_is_flagged_on_its_date():
    items = SAME_EVENT + [("vote", EARLIER_VOTE, "2026-01-02")]
    flags = _flags(storyline.brief(_docs(items), words=120, analysis=False))
    assert list(flags) == ["vote"]
    assert flags["vote"].startswith("dated 60 days before the other articles")
    # Undated, it names the same union, people and airport: kept (precision first).
    assert _flags(storyline.brief(_docs(items, dated=False), words=120, analysis=False)) == {}


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_a_lead_about_other_names_flags_another_event_that_mentions_this_one(dated):
    """The rail vote names the airport, its union and the minister later on, so most of its names are
    found elsewhere; its lead is about Velde Rail and Ostmark and names none of the story's core."""
    items = SAME_EVENT + [("rail", RAIL_ELSEWHERE, "2026-03-03")]
    flags = _flags(storyline.brief(_docs(items, dated), words=120, analysis=False))
    assert list(flags) == ["rail"]
    assert re.fullmatch(r"its lead is about Velde Rail, Ostmark and SFL, named in no other article, and names none of "
                        r"the others' [^;]*Halvorsen Airport[^;]*; shares \d+% of its lead's content with the other articles",
                        flags["rail"])


def test_a_lead_dating_its_event_before_the_others_flags_it():
    """The inquiry names the airport and the operator in its lead, but puts its event last year."""
    items = SAME_EVENT + [("inquiry", INQUIRY, "2026-03-05")]
    flags = _flags(storyline.brief(_docs(items), words=120, analysis=False))
    assert list(flags) == ["inquiry"]
    assert flags["inquiry"].startswith("its lead puts its event before the other articles' dates (last year, 2025, 2023); "
                                       "shares ")
    # Undated, a lead's years say nothing about the others' event: one piece of evidence is left, and keeps it.
    assert _flags(storyline.brief(_docs(items, dated=False), words=120, analysis=False)) == {}


@pytest.mark.parametrize("dated", [True, False], ids=["dated", "undated"])
def test_one_piece_of_lead_evidence_alone_keeps_the_article(dated):
    """Same-event pieces whose lead recalls an earlier walkout ("last year, in May 2025") or is centred on
    a guesthouse owner stay; so does the rail vote when its lead shares much with the others (its names
    alone do not flag it)."""
    shared = RAIL_ELSEWHERE.replace("We cannot run trains on goodwill and unpaid hours",
                                    "Our members have been working twelve-hour shifts for months")
    for name, text in [("analysis", ANALYSIS), ("guesthouse", GUESTHOUSE), ("rail", shared)]:
        brief = storyline.brief(_docs(SAME_EVENT + [(name, text, "2026-03-04")], dated), words=120, analysis=False)
        assert _flags(brief) == {} and not any(d.reason for d in brief.documents), name


def test_keep_all_keeps_the_flagged_article_in_the_summary_material():
    items = SAME_EVENT + [("port", OTHER_EVENT, "2026-03-03")]
    brief = storyline.brief(_docs(items), words=400, analysis=False, keep_all=True)
    assert list(_flags(brief)) == ["port"]
    assert any("kept in the summary (keep_all)" in w for w in brief.warnings)
    assert brief.settings["keep_all"] is True


def _html(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
    return (f"<html><head><title>{html.escape(title)}</title></head><body><nav><a href='/'>Home</a> "
            f"<a href='/news'>News</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
            "<footer>All rights reserved</footer></body></html>")


@pytest.mark.parametrize("name,other", [("transcript", "port"), ("stranded", "port"), ("port", "port"), ("rail", "rail")])
def test_the_decision_does_not_depend_on_the_format(tmp_path, name, other):
    """The same article as .txt and as .html (navigation and footer around it) is judged the same
    (its title, a heading in the HTML, is read the same way)."""
    items = dict((i, t) for i, t, _ in SAME_EVENT + [(other, OTHER_EVENT if other == "port" else RAIL_ELSEWHERE, None)])
    results = {}
    for suffix in (".txt", ".html"):
        folder = tmp_path / suffix.strip(".")
        folder.mkdir()
        for i, text in items.items():
            if i == name and suffix == ".html":
                (folder / f"{i}.html").write_text(_html(text.split("\n", 1)[0], text), encoding="utf-8")
            else:
                (folder / f"{i}.txt").write_text(text, encoding="utf-8")
        brief = storyline.brief(folder, words=120, analysis=False)
        (doc,) = [d for d in brief.documents if d.id.startswith(name + ".")]
        results[suffix] = (doc.off_event, doc.reason)
    assert results[".txt"] == results[".html"]
    assert results[".txt"][0] == (name == other)


def test_two_articles_are_never_judged():
    assert [j.off_event for j in judge([[(frozenset(), frozenset({"a"}))]] * 2, [["A"]] * 2)] == [False, False]


def test_reasons_reach_every_format_and_the_schema():
    import jsonschema
    from importlib.resources import files

    items = SAME_EVENT + [("port", OTHER_EVENT, "2026-03-03")]
    brief = storyline.brief(_docs(items), words=120, analysis=False)
    reason = _flags(brief)["port"]
    data = json.loads(render(brief, "json"))
    jsonschema.validate(data, json.loads(files("storyline").joinpath("data", "brief.schema.json").read_text()))
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id["port"]["reason"] == reason and by_id["wire"]["reason"] is None
    for fmt in ("markdown", "text"):
        assert reason in render(brief, fmt)
    assert html.escape(reason) in render(brief, "html")


def test_cli_prints_the_reason(tmp_path):
    for i, text, _ in SAME_EVENT + [("port", OTHER_EVENT, None)]:
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    console = Path(sys.executable).parent / "storyline"  # the installed console script
    done = subprocess.run([str(console), "brief", str(tmp_path), "--format", "markdown"],
                          capture_output=True, text=True, check=True)
    assert "## Off-event articles" in done.stdout
    assert "port.txt: shares" in done.stdout and "names with the other articles" in done.stdout
