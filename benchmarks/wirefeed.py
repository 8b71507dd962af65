#!/usr/bin/env python
"""A fictional wire feed with known stories, for ``benchmarks/stories.py``: every name, place, outlet and
event below is made up; the articles are generated from templates, deterministically from a seed.

    python benchmarks/wirefeed.py --seed 1 > feed.jsonl     # one article a line, with its "story"

What makes it like an agency feed, and not trivially separable:

* **Stories run for weeks** (a few days to ~10 weeks), in *phases* whose vocabulary drifts (a trial:
  arrest, charges, hearing, verdict, appeal; a flood: warning, flooding, clean-up, inquiry), with
  follow-ups days or weeks apart and quiet gaps between them.
* **Several outlets** tell each event: wire copy with a dateline, rewrites with the sentences reordered,
  trimmed and reworded (synonyms), local papers with a different lead, short flashes, some with titles.
* **Shared names, places and dates across stories**: a handful of national figures (the prime minister,
  a police chief, ministers) and the capital appear in many unrelated stories; the same kind of event
  happens again in the same region months later (two floods, two strikes, two trials in one court) with
  other names; follow-ups recall the first event's date ("the blast on March 3").
* **Generic wire sentences** ("officials said", "police appealed for witnesses") shared by everything, and
  hundreds of one-off stories of one or two articles interleaved with the long ones over months.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone

START = datetime(2025, 1, 6, tzinfo=timezone.utc)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

FIRST = """Anna Boris Carla Dmitri Elin Farid Greta Hakon Ines Jonas Katya Lars Mirela Nikos Olga Pavel Rhea Stefan
Tamsin Ulrich Vera Wendel Yusuf Zora Adrian Beatrix Casimir Dalia Emeric Fenna Gideon Halina Ivo Jelena Kasper Ludmila
Marek Nadia Oskar Petra Quentin Rosalind Silvan Tereza Viktor Wilma Xaver Yara""".split()
LAST = """Halvorsen Marchetti Oyelaran Petrakis Lindqvist Vasquez Brennholt Castellane Dragomir Ekwueme Farrant Gorecki
Hellstrom Ivanic Jovanovic Kessler Lamberti Moravec Nordahl Obradovic Pellegrin Quast Rasmussen Saltonstall Tiberius
Urquhart Valdane Wexford Ystad Zelenko Ambrose Belcourt Cordero Devereux Esterhazy Falkner Grimaldi Hartigan Ingersoll
Jablonski Korhonen Lisowski Montague Novak Orsini Prentice Radebe Sorensen Thibault Uhlmann Verhoeven""".split()
CITIES = """Varnholm Castelmar Oderby Trelwick Sandomir Kessway Brightmoor Alvaston Pellinor Dunmarrow Ystrad Holmgate
Corriveau Marlowe Fenwick Quillan Ravensfield Solbrecht Tarrow Umberleigh""".split()
REGIONS = ["Northern Marches", "Vale of Oder", "Saltcoast", "Highland Reach", "Eastern Fens", "Lower Tarrow"]
CAPITAL = "Aldermoor"
COUNTRY = "Veltria"
NEIGHBOURS = ["Ostravia", "Karelland", "Mirenza", "Dovania"]
COMPANIES = """Harrowgate Chemicals|Norvale Energy|Castelmar Shipping|Brightline Rail|Pellinor Steel|Oderby Motors|
Kessway Foods|Solbrecht Pharma|Tarrow Telecom|Marlowe Airlines|Quillan Bank|Fenwick Mining""".replace("\n", "").split("|")
OUTLETS = [
    ("Veltrian Press Agency", "wire"), ("Continental Wire", "wire"), ("Aldermoor Herald", "paper"),
    ("The Castelmar Courier", "local"), ("Northern Marches Gazette", "local"), ("Radio Veltria", "flash"),
    ("The Daily Ledger", "paper"), ("Business Day Veltria", "paper"), ("Saltcoast Echo", "local"),
]
# National figures who turn up in many unrelated stories.
FIGURES = {
    "pm": "Prime Minister Lucan Ferreira", "pm_l": "Ferreira",
    "police": "police chief Marta Oyelaran", "police_l": "Oyelaran",
    "health": "Health Minister Ivo Castellane", "health_l": "Castellane",
    "finance": "Finance Minister Rhea Moravec", "finance_l": "Moravec",
    "interior": "Interior Minister Pavel Dragomir", "interior_l": "Dragomir",
    "union": "union leader Tomas Brennholt", "union_l": "Brennholt",
}

SYNONYMS = [
    ("said", "stated"), ("about", "around"), ("people", "residents"), ("began", "started"), ("officials", "authorities"),
    ("announced", "said"), ("expected", "likely"), ("large", "major"), ("hundreds", "scores"), ("told", "informed"),
    ("police", "officers"), ("building", "premises"), ("on Monday", "early on Monday"), ("killed", "left dead"),
    ("injured", "hurt"), ("demanded", "called for"), ("criticised", "attacked"), ("confirmed", "said"),
    ("investigation", "inquiry"), ("company", "firm"), ("agreement", "deal"), ("workers", "staff"),
]
GENERIC = [
    "Officials said more details would be released later in the day.",
    "Police appealed for witnesses to come forward.",
    "The government said it was following the situation closely.",
    "A spokesman declined to comment further.",
    "Opposition politicians called for an urgent statement in parliament.",
    "Local residents said they had never seen anything like it.",
    "The ministry said it would review the procedures.",
    "Reporters were kept away from the scene.",
    "It was not immediately clear how long the disruption would last.",
    "Further updates were expected after a meeting in {capital} on {weekday}.",
]

# Story kinds: each phase is a list of sentence templates (the first is the lead). Slots: {p1} {p1l}
# {p2} {p2l} {p3} {p3l} persons, {co} {co2} companies, {city} {city2} places, {region}, {capital},
# {country}, {neighbour}, {n} {m} numbers, {weekday}, {d0} the first event's date, {fig} {figl} a national figure.
KINDS = {
    "trial": {"fig": "police", "title": ["{p1l} arrested in {city}", "{p1l} trial opens", "Verdict in {p1l} case", "{p1l} to appeal"], "phases": [
        ["Police in {city} arrested {p1}, a {n}-year-old {job}, on {weekday} on suspicion of {crime} at the {city} {body}.",
         "{p1l} was detained at home after a search lasting several hours, {fig} said.",
         "Investigators believe about {m} million crowns went missing over four years.",
         "Prosecutor {p2} said further arrests could not be ruled out."],
        ["Prosecutors charged {p1} with {charge} on {weekday}, {k} days after his arrest in {city} on {d0}.",
         "Prosecutor {p2l} told reporters the charges carried a sentence of up to ten years.",
         "Defence lawyer {p3} said his client denied wrongdoing and would fight the charges.",
         "{p1l} remains in custody at the {city} remand centre."],
        ["The trial of {p1}, accused of {crime} at the {city} {body}, opened at the {city} district court on {weekday}.",
         "Prosecutor {p2l} described {evidence}.",
         "{p3l}, for the defence, said the accounts had been audited every year without objection.",
         "A former colleague testified that {p1l} had approved the payments himself."],
        ["The {city} district court found {p1} guilty of {charge} on {weekday} and sentenced him to {k} years in prison.",
         "Judge {p4} said {p1l} had betrayed the trust of the {body}.",
         "{p3l} said his client would appeal against the verdict.",
         "The case began with his arrest on {d0}."],
        ["Lawyers for {p1} lodged an appeal on {weekday} against the conviction, arguing that key evidence from the search of his home was obtained unlawfully.",
         "The appeal court in {capital} is expected to hear the case within months.",
         "Prosecutor {p2l} said she was confident the verdict would stand."],
    ]},
    "flood": {"fig": "interior", "title": ["Flood warning for {region}", "Floods hit {city}", "{city} begins clean-up", "Flood inquiry"], "phases": [
        ["Forecasters issued a red flood warning for the {region} on {weekday} as the river {river} rose after {cause}.",
         "Residents of {city} and {city2} were told to move valuables upstairs.",
         "Emergency crews laid sandbags along the embankments, the {region} council said."],
        ["The river {river} burst its banks in {city} overnight, flooding about {m}00 homes and cutting the main road to {city2}.",
         "Rescue crews used boats to reach elderly residents, and {n} people were taken to hospital.",
         "{fig} visited the flooded streets on {weekday} and promised emergency funds.",
         "Mayor {p1} said the town had not seen water levels like it for decades."],
        ["Residents of {city} began clearing mud and ruined furniture from their homes on {weekday} as the waters of the {river} receded.",
         "Insurers said claims could reach {m} million crowns.",
         "Mayor {p1l} said schools would reopen next week.",
         "Volunteers from {city2} brought food and dry clothes."],
        ["The government ordered an inquiry into the flood defences of the {region}, {k} weeks after the {river} flooded {city} on {d0}.",
         "Engineer {p2}, who will lead the inquiry, said embankments built in the 1970s had not been maintained.",
         "Mayor {p1l} welcomed the inquiry but said residents needed help now."],
    ]},
    "strike": {"fig": "union", "title": ["{co} workers vote to strike", "Strike at {co}", "{co} talks resume", "{co} strike ends"], "phases": [
        ["Workers at {co} voted by a large majority to strike over {issue}, the union said on {weekday}, threatening disruption at its plants in {city}.",
         "{fig} said members had been offered {offer}.",
         "{co} chief executive {p1} said the offer was fair and urged staff to reconsider."],
        ["Thousands of workers at {co} walked out on {weekday}, halting production in {city} and {city2}.",
         "Pickets gathered at the gates from dawn, and {figl} addressed a rally outside the headquarters.",
         "The company said the strike would cost {m} million crowns a day.",
         "{p1l} said management remained open to talks."],
        ["Talks between {co} and the union resumed in {capital} on {weekday} under a mediator, {k} days into the strike that began on {d0}.",
         "Mediator {p2} said both sides had agreed not to brief the press.",
         "Suppliers in {city} warned of lay-offs if the stoppage continued."],
        ["The strike at {co} ended on {weekday} after workers accepted a deal on {issue}.",
         "{figl} called the agreement a victory, while {p1l} said it was affordable.",
         "Production in {city} will restart on Monday."],
    ]},
    "takeover": {"fig": "finance", "title": ["{co} bids for {co2}", "{co2} rejects {co} offer", "Regulator probes {co} deal", "{co} completes {co2} deal"], "phases": [
        ["{co} made a {m} billion crown offer for its rival {co2} on {weekday}, a deal that would create the largest {sector} group in {country}.",
         "{co} chief executive {p1} said the combined firm would save costs and invest in {city}.",
         "Shares in {co2} rose sharply on the {capital} exchange."],
        ["The board of {co2} rejected the offer from {co} on {weekday}, saying it undervalued the company.",
         "{co2} chair {p2} said shareholders deserved a far higher price.",
         "Analysts expected {p1l} to return with an improved bid."],
        ["The competition regulator opened an investigation into the proposed merger of {co} and {co2} on {weekday}.",
         "Regulator {p3} said the deal could raise prices for customers across {country}.",
         "{fig} said the government would not intervene."],
        ["{co} completed its takeover of {co2} on {weekday} after the regulator approved the deal with conditions, ending a contest that began with its first offer on {d0}.",
         "{p1l} said about {n}00 jobs would move to {city}.",
         "{p2l} stepped down as chair."],
    ]},
    "outbreak": {"fig": "health", "title": ["Illness in {city}", "{city} outbreak spreads", "Source of {city} outbreak found", "{city} outbreak over"], "phases": [
        ["Health officials in {city} are investigating a cluster of {n} cases of {illness}, the {region} health board said on {weekday}.",
         "Several patients were treated at {city} general hospital.",
         "Doctor {p1}, who heads the board, urged residents to {advice}."],
        ["The outbreak in {city} has spread to {m} cases, including {k} children, health officials said on {weekday}.",
         "{fig} said a national team had been sent to the {region}.",
         "Schools in {city2} closed as a precaution.",
         "{p1l} said the number of new cases was rising more slowly."],
        ["Investigators traced the {city} outbreak to {source}, {fig} said on {weekday}.",
         "The owner, {p2}, said he was cooperating fully.",
         "Laboratory tests confirmed the bacteria in samples taken on {d0}."],
        ["The {region} health board declared the {city} outbreak over on {weekday}, after two weeks without a new case.",
         "{p1l} thanked hospital staff and said the water network would be upgraded."],
    ]},
    "election": {"fig": "pm", "title": ["{p1l} launches campaign", "{city} mayoral race", "{p1l} and {p2l} debate", "{p1l} wins {city}"], "phases": [
        ["{p1} launched her campaign to become mayor of {city} on {weekday}, promising {promise}.",
         "She faces the sitting mayor, {p2}, in the vote next month.",
         "{fig} attended the launch and praised her record on the council."],
        ["{p1l} and {p2l} clashed over {promise2} in a televised debate in {city} on {weekday}.",
         "Polls show the race for mayor of {city} is close.",
         "{p2l} accused his rival of making promises the city could not afford."],
        ["{p1} was elected mayor of {city} on {weekday} with {n} percent of the vote, unseating {p2}.",
         "Turnout was the highest for a local election in {city} in twenty years.",
         "{p1l} said her first act would be {promise}."],
    ]},
    "accident": {"fig": "interior", "title": ["Blast at {co} plant", "{city} blast toll rises", "Safety warnings before {city} blast", "Charges over {city} blast"], "phases": [
        ["A {disaster} at the {co} plant in {city} killed {n} workers and injured dozens on {weekday}, emergency services said.",
         "A column of smoke could be seen from {city2}.",
         "{co} said it was cooperating with investigators.",
         "{fig} said the cause would be established quickly."],
        ["The death toll from the {disaster} at the {co} plant in {city} rose to {m} on {weekday}.",
         "Plant manager {p1} said {fault}.",
         "Families gathered outside the {city} hospital waiting for news."],
        ["Inspectors had warned {co} about safety at its {city} plant months before the {disaster} on {d0}, documents seen by reporters show.",
         "A former engineer, {p2}, said warnings about {fault2} were ignored.",
         "{co} said it had acted on every recommendation."],
        ["Prosecutors charged {p1} and two other {co} managers with negligence over the {city} {disaster} on {weekday}.",
         "Lawyers for the families said the charges were a first step.",
         "{co} said the managers had been suspended."],
    ]},
    "diplomacy": {"fig": "pm", "title": ["Talks with {neighbour}", "{neighbour} border talks stall", "Deal with {neighbour} signed"], "phases": [
        ["{country} and {neighbour} opened talks in {capital} on {weekday} over {dispute} near the {region}.",
         "Foreign minister {p1} said she hoped for an agreement within weeks.",
         "{neighbour}'s envoy {p2} said his country's rights were not negotiable."],
        ["Talks between {country} and {neighbour} over {dispute} stalled on {weekday} after {p2l} walked out.",
         "{p1l} accused {neighbour} of bad faith.",
         "Businesses in {city} said they could not wait much longer."],
        ["{country} and {neighbour} signed an agreement on {dispute} on {weekday}, ending talks that began on {d0}.",
         "{fig} and {p2l} shook hands at a ceremony in {capital}.",
         "People in {city} gave the deal a cautious welcome."],
    ]},
    "missing": {"fig": "police", "title": ["Hiker missing near {city}", "Search for {p1l} widens", "{p1l} found"], "phases": [
        ["Rescue teams searched the hills above {city} on {weekday} for {p1}, a {n}-year-old {who} who did not return from {trip}.",
         "Her car was found at a trailhead near {city2}.",
         "Mountain rescue leader {p2} said snow was hampering the search."],
        ["The search for missing {who} {p1} widened on {weekday} as helicopters joined teams on the ground, {k} days after she disappeared on {d0}.",
         "{fig} appealed to anyone who had seen her to call the police.",
         "Volunteers from {city} joined the search."],
        ["Missing {who} {p1} was found alive {found} near {city} on {weekday}.",
         "{p2l} said she was cold and hungry but uninjured.",
         "Her family thanked the volunteers who had searched for days."],
    ]},
    "budget": {"fig": "finance", "title": ["Budget cuts planned", "Budget vote", "Protests over budget"], "phases": [
        ["{fig} presented a budget on {weekday} that cuts spending on {cut} and raises taxes on {tax}.",
         "She said the deficit had to fall to keep borrowing costs down.",
         "Opposition leader {p1} called the plan an attack on {victims}."],
        ["Thousands protested in {capital} and {city} on {weekday} against the {tax} tax rise in the budget.",
         "{p1l} addressed the crowd outside parliament.",
         "{figl} said she would not change course."],
        ["Parliament passed the budget on {weekday} by {n} votes, after the government agreed to soften the {tax} tax rise.",
         "{p1l} said the vote showed the plan had been unpopular from the start.",
         "The budget was first presented on {d0}."],
    ]},
}
DETAILS = {
    "job": ["accountant", "former minister", "businessman", "customs officer", "hospital director", "property developer"],
    "crime": ["embezzling public funds", "taking bribes", "laundering money", "rigging tenders", "falsifying safety records"],
    "body": ["port authority", "hospital trust", "state railway", "water board", "city council", "lottery commission"],
    "charge": ["fraud and abuse of office", "bribery", "money laundering", "forgery", "breach of trust"],
    "evidence": ["a network of shell companies and forged invoices", "cash handed over in car parks", "secret offshore accounts",
                 "tenders awarded to friends", "inspection reports that were never carried out"],
    "cause": ["days of heavy rain", "melting snow", "a storm surge", "a burst dam upstream", "a week of thunderstorms"],
    "issue": ["pay", "pensions", "shift patterns", "job cuts", "safety rules"],
    "offer": ["a rise below inflation", "longer shifts", "a pension freeze", "the loss of 400 jobs"],
    "sector": ["shipping", "steel", "telecoms", "food", "banking", "mining", "energy"],
    "illness": ["a severe stomach illness", "measles", "legionnaires' disease", "hepatitis A", "food poisoning"],
    "source": ["a contaminated water main near a dairy farm", "a hotel cooling tower", "a school canteen", "an unlicensed food stall",
               "a private swimming pool"],
    "advice": ["boil tap water as a precaution", "check their vaccination records", "avoid the old town's restaurants",
               "keep children at home if they felt unwell"],
    "promise": ["cheaper buses and new housing", "more police on the streets", "a new tram line", "lower council taxes",
                "free school meals"],
    "promise2": ["housing and crime", "transport and taxes", "schools and parking", "the budget and the old hospital"],
    "disaster": ["explosion", "fire", "chemical leak", "roof collapse"],
    "fault": ["a pressure valve had failed", "a gas line had ruptured", "a storage tank had overheated", "a crane had struck the roof"],
    "fault2": ["the valves", "corroded pipes", "overloaded storage", "the ageing roof"],
    "dispute": ["a disputed fishing zone", "a border crossing", "a gas pipeline", "a dam on a shared river", "rail freight rights"],
    "who": ["hiker", "climber", "fisherman", "student", "skier"],
    "trip": ["a walk", "a climb", "a fishing trip", "a ski tour"],
    "found": ["in a mountain hut", "in a forest shelter", "on a remote beach", "in a shepherd's cabin"],
    "cut": ["roads", "universities", "defence", "pensions", "the railways"],
    "tax": ["fuel", "tobacco", "property", "alcohol", "sugar"],
    "victims": ["rural families", "pensioners", "students", "small businesses"],
}
RIVERS = ["Oder", "Tarrow", "Fenn", "Silvan", "Marle", "Kessa"]
ONE_OFF = [
    "A {n}-year-old woman from {city} won the national lottery on {weekday}, taking home {m} million crowns.",
    "The {city} museum unveiled a restored medieval tapestry on {weekday} after {k} years of work.",
    "A fire destroyed a barn near {city} on {weekday}; no one was hurt, firefighters said.",
    "{co} reported higher quarterly profits on {weekday}, helped by strong sales in {neighbour}.",
    "A rare white stag was photographed in the forests of the {region} on {weekday}, wildlife officials said.",
    "The {city} orchestra named {p1} as its new conductor on {weekday}.",
    "A bus carrying {n} schoolchildren overturned near {city} on {weekday}; {k} were slightly hurt.",
    "{city} football club {p1l} Athletic sacked its manager on {weekday} after a run of defeats.",
    "Police in {city} seized {m} kilograms of cannabis from a warehouse on {weekday}, {fig} said.",
    "A new bridge over the {river} at {city} opened to traffic on {weekday}.",
    "The central bank left interest rates unchanged on {weekday}, governor {p1} said.",
    "Scientists at {city} university said on {weekday} they had found a new species of beetle.",
    "{fig} opened a new hospital wing in {city} on {weekday}.",
    "A storm cut power to {m} thousand homes in the {region} on {weekday}.",
    "{p1}, the {city} sculptor, won the national arts prize on {weekday} for a cycle of bronze figures.",
    "A freight train derailed near {city} on {weekday}, spilling grain across the tracks to {city2}.",
    "{co} recalled {m} thousand kettles on {weekday} after reports of faulty wiring.",
    "The {city} zoo announced the birth of twin snow leopard cubs on {weekday}.",
    "A court in {city} jailed a man for {k} years on {weekday} for a string of burglaries in {city2}.",
    "Teachers in {city} protested on {weekday} against plans to close {k} village schools.",
    "{p1}, a {n}-year-old from {city}, swam the {region} strait on {weekday} in a record time.",
    "A {k}-storey hotel will be built on the old docks of {city}, the council decided on {weekday}.",
    "Archaeologists digging near {city} found a hoard of {m}0 silver coins, the {region} museum said on {weekday}.",
    "The airport at {city} was closed for {k} hours on {weekday} after a drone was seen near the runway.",
    "{co} will open a research centre in {city2} with {n}0 jobs, it said on {weekday}.",
    "A landslide blocked the mountain road between {city} and {city2} on {weekday}.",
    "The {city} marathon drew a record {m} thousand runners on {weekday}; {p1} won the men's race.",
    "Customs officers at {city} port seized counterfeit watches worth {m} million crowns on {weekday}.",
    "{p1} was named head of the {region} tourist board on {weekday}.",
    "A wolf was seen on the outskirts of {city} for the first time in a century, hunters said on {weekday}.",
]
ONE_OFF_DETAIL = [
    "{p2}, who was at the scene, described it as extraordinary.",
    "The last time something similar happened in {city} was in {year}.",
    "A spokeswoman for the {region} council, {p3}, said the matter was being looked into.",
    "{p2l} told the {outlet} that {n} people had contacted the office since.",
    "Neighbours in {city2} said the news had spread quickly.",
    "The figures were published by the statistics office in {capital}.",
    "{p3} said there would be a celebration in the town square at the weekend.",
    "Insurers estimated the cost at {m} million crowns.",
    "Traffic around {city} was slow for much of the afternoon.",
    "{p2l}, {n}, said it was the proudest moment of a long career.",
    "The event was first reported on local radio.",
    "The mayor of {city}, {p3}, called it good news for the whole region.",
]


def weekday(when: datetime) -> str:
    return when.strftime("%A")


def day_text(when: datetime, rng: random.Random) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}" if rng.random() < 0.7 else f"{when.day} {MONTHS[when.month - 1]}"


class World:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def person(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if name not in self.used:
                self.used.add(name)
                return name


def reword(sentence: str, rng: random.Random, rate: float) -> str:
    for a, b in SYNONYMS:
        if a in sentence and rng.random() < rate:
            sentence = sentence.replace(a, b, 1)
    return sentence


def fill(template: str, slots: dict) -> str:
    return template.format(**slots)


def article_text(sentences: list[str], outlet: tuple[str, str], when: datetime, city: str, rng: random.Random) -> str:
    name, kind = outlet
    lead, rest = sentences[0], sentences[1:]
    if kind == "flash":
        body = [lead]
    else:
        rest = rest[:]
        if kind != "wire":
            rng.shuffle(rest)
            rest = rest[: max(1, len(rest) - rng.randint(0, 1))]
        body = [lead, *rest]
        for generic in rng.sample(GENERIC, rng.randint(0, 2)):
            body.insert(rng.randint(1, len(body)), generic.format(capital=CAPITAL, weekday=weekday(when)))
    rate = 0.1 if kind == "wire" else 0.5
    body = [reword(s, rng, rate) for s in body]
    if kind == "wire":
        body[0] = f"{city.upper()}, {day_text(when, rng)} ({name}) - {body[0]}"
    paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    return "\n\n".join(paragraphs)


def story_slots(world: World, kind: str, rng: random.Random) -> dict:
    city, city2 = rng.sample(CITIES, 2)
    co, co2 = rng.sample(COMPANIES, 2)
    spec = KINDS.get(kind, {})
    fig = spec.get("fig", rng.choice(["pm", "police", "health", "finance", "interior", "union"]))
    slots = {
        "p1": world.person(), "p2": world.person(), "p3": world.person(), "p4": world.person(),
        "city": city, "city2": city2, "co": co, "co2": co2, "region": rng.choice(REGIONS), "capital": CAPITAL,
        "country": COUNTRY, "neighbour": rng.choice(NEIGHBOURS), "river": rng.choice(RIVERS),
        "fig": FIGURES[fig], "figl": FIGURES[fig + "_l"],
        **{key: rng.choice(values) for key, values in DETAILS.items()},
    }
    for key in ("p1", "p2", "p3", "p4"):
        slots[key + "l"] = slots[key].split()[-1]
    return slots


def generate(seed: int = 1, long_stories: int = 90, one_offs: int = 500, days: int = 180) -> list[dict]:
    """The feed: articles in date order, each ``{"id", "title", "date", "text", "source", "story"}``."""
    rng = random.Random(seed)
    world = World(rng)
    articles = []
    kinds = sorted(KINDS)
    for number in range(long_stories):
        kind = kinds[number % len(kinds)]
        phases = KINDS[kind]["phases"]
        titles = KINDS[kind]["title"]
        slots = story_slots(world, kind, rng)
        start = START + timedelta(days=rng.random() * (days - 20))
        # Phases days to weeks apart; how many articles each gets is heavy-tailed (a big story draws many outlets).
        weight = rng.choice([1, 1, 2, 2, 3, 5])
        when = start
        d0 = day_text(start, rng)
        for index, phase in enumerate(phases):
            if index and rng.random() < 0.15:
                continue  # not every story reaches every phase in the feed
            if index:
                when = when + timedelta(days=rng.choice([1, 2, 3, 5, 7, 10, 14, 21]) * (0.5 + rng.random()))
            for copy in range(rng.randint(1, 2 + weight)):
                at = when + timedelta(hours=rng.random() * (12 if copy < 2 else 72))
                phase_slots = {**slots, "n": rng.randint(3, 90), "m": rng.randint(2, 40), "k": rng.randint(2, 9),
                               "weekday": weekday(at), "d0": d0}
                sentences = [fill(s, phase_slots) for s in phase]
                outlet = rng.choice(OUTLETS)
                title = fill(titles[min(index, len(titles) - 1)], phase_slots) if rng.random() < 0.6 else None
                articles.append({"story": f"s{number:03d}", "when": at, "title": title, "outlet": outlet,
                                 "text": article_text(sentences, outlet, at, slots["city"], rng)})
    for number in range(one_offs):
        slots = story_slots(world, "", rng)
        at = START + timedelta(days=rng.random() * days)
        slots.update({"n": rng.randint(3, 90), "m": rng.randint(2, 40), "k": rng.randint(2, 9), "weekday": weekday(at)})
        slots.update({"year": rng.randint(1950, 2015), "outlet": rng.choice(OUTLETS)[0]})
        lead = fill(rng.choice(ONE_OFF), slots)
        extra = [fill(d, slots) for d in rng.sample(ONE_OFF_DETAIL, rng.randint(1, 3))]
        extra += [g.format(capital=CAPITAL, weekday=weekday(at)) for g in rng.sample(GENERIC, rng.randint(0, 2))]
        for copy in range(1 if rng.random() < 0.7 else 2):
            outlet = rng.choice(OUTLETS)
            articles.append({"story": f"o{number:03d}", "when": at + timedelta(hours=copy * rng.random() * 10),
                             "title": None, "outlet": outlet, "text": article_text([lead, *extra], outlet, at, slots["city"], rng)})
    articles.sort(key=lambda a: a["when"])
    return [
        {"id": f"w{i:05d}", "title": a["title"], "date": a["when"].strftime("%Y-%m-%dT%H:%M:%SZ"), "text": a["text"],
         "source": a["outlet"][0], "story": a["story"]}
        for i, a in enumerate(articles)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long-stories", type=int, default=90)
    parser.add_argument("--one-offs", type=int, default=500)
    parser.add_argument("--days", type=int, default=180)
    args = parser.parse_args()
    for article in generate(args.seed, args.long_stories, args.one_offs, args.days):
        sys.stdout.write(json.dumps(article) + "\n")


if __name__ == "__main__":
    main()
