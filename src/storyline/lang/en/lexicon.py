"""The English words the analysers share: one home for each list.

Sections are kept apart so each analyser's words stay easy to find: calendar (months, weekdays),
numbers, counted things and events, currencies (facts, timeline), speech, hedges and titles (quotes,
claims, prepare). It imports nothing of storyline.
"""

from __future__ import annotations

import re

# --- calendar -----------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        1,
    )
    for name in names
}
MONTH_NAMES = tuple(n for n in MONTHS if len(n) > 4 or n in ("may", "june", "july"))  # full names only
WEEKDAYS: dict[str, int] = {  # Monday = 0, as datetime.weekday()
    name: number
    for number, names in enumerate(
        (("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
         ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"))
    )
    for name in names
}
WEEKDAY_NAMES = tuple(n for n in WEEKDAYS if n.endswith("day"))
CALENDAR_NAMES = frozenset(WEEKDAY_NAMES + MONTH_NAMES)  # the full names, as a capitalised word that names no one
PARTS_OF_DAY = {"morning": 9, "afternoon": 15, "evening": 19, "night": 22, "lunchtime": 12}
# Landmarks of the day with their hour; all but the evening ones fall early in the day.
LANDMARKS = {"dawn": 6, "daybreak": 6, "first light": 6, "sunrise": 6, "sunset": 19, "dusk": 19,
             "nightfall": 19, "midnight": 0, "noon": 12, "midday": 12}
TIME_ZONES = frozenset("gmt utc bst cet cest est edt pst pdt local".split())

# --- numbers ------------------------------------------------------------------------------------

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
APPROXIMATE_NUMBERS = {"a dozen": 12, "dozen": 12, "a score": 20}

# Bounds before a figure: the kind of interval it gives.
LOWER_BOUNDS = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than", "no less than",
                "a minimum of", "at a minimum")
# Bounds written after the figure: "52 percent or less", "20 or more people".
LOWER_BOUNDS_AFTER = ("or more", "or higher", "or greater", "or above", "or over")
UPPER_BOUNDS_AFTER = ("or less", "or fewer", "or lower", "or under", "or below")
UPPER_BOUNDS = ("up to", "as many as", "fewer than", "less than", "under", "at most", "no more than", "as much as")
APPROXIMATE = ("about", "around", "roughly", "some", "approximately", "an estimated", "estimated", "nearly",
               "almost", "close to", "just under", "just over", "circa", "c.")

# --- counted things and events -------------------------------------------------------------------

# Each casualty or event word maps to one event: "died", "dead", "deaths" and "killed" are one thing.
EVENTS = {
    "killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed", "death": "killed",
    "die": "killed", "dying": "killed", "fatalities": "killed",
    "killing": "killed", "kill": "killed", "toll": "killed", "perished": "killed", "victims": "killed", "murdered": "killed", "kills": "killed",
    "injured": "injured", "injuring": "injured", "wounding": "injured", "injure": "injured", "wounded": "injured", "hurt": "injured", "injuries": "injured", "hospitalised": "injured",
    "hospitalized": "injured", "treated": "injured", "hospital": "injured",
    "ill": "ill", "illness": "ill", "illnesses": "ill", "sick": "ill", "sickened": "ill", "infected": "ill",
    "poisoned": "ill",
    "missing": "missing", "unaccounted": "missing",
    "evacuated": "evacuated", "evacuating": "evacuated", "evacuate": "evacuated", "displaced": "evacuated", "evacuation": "evacuated", "homeless": "homeless",
    "fled": "evacuated",
    "arrested": "arrested", "arresting": "arrested", "arrest": "arrested", "arrests": "arrested", "detained": "arrested", "held": "arrested", "custody": "arrested",
    "charged": "charged",
    "rescued": "rescued", "saved": "rescued",
    "recovered": "recovered", "retrieved": "recovered", "found": "recovered", "pulled": "recovered",
    "exhumed": "recovered", "identified": "identified",
    "employs": "employed", "employed": "employed", "employing": "employed", "workforce": "employed",
}
# Phrases that name an event after a figure: "60 residents were forced from their homes".
EVENT_PHRASES = {"forced from their homes": "evacuated", "forced out of their homes": "evacuated",
                 "forced to leave": "evacuated", "forced to flee": "evacuated", "told to leave": "evacuated",
                 "ordered to leave": "evacuated", "fled their homes": "evacuated", "left homeless": "evacuated",
                 "lost their lives": "killed", "taken to hospital": "injured", "treated in hospital": "injured",
                 "taken into custody": "arrested", "forced from": "evacuated"}
# Nouns that name their event when no other word in the clause does: "210 employees" are employed.
NOUN_EVENTS = {"employees": "employed", "jobs": "employed", "staff": "employed", "deaths": "killed",
               "bodies": "recovered", "victims": "killed", "fatalities": "killed", "arrests": "arrested",
               "injuries": "injured", "casualties": "killed"}
# Nouns for people in a role: a casualty count of them counts people.
PEOPLE_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "men", "women", "ren", "ims", "ops", "ees")
# Nouns that name people in general: "40 people", "40 residents" count the same kind of thing.
PEOPLE = frozenset("""people persons person residents civilians inhabitants villagers locals individuals men women
    children adults passengers fans spectators""".split())
# Words that mark a figure as another moment's, or part of a larger one.
INCREMENT = frozenset("more other others further additional extra another".split())
# Updates: a figure that replaces an earlier one.
UPDATE_VERBS = frozenset("""rose risen rising climbed increased jumped grew revised raised updated lowered fell
    dropped reached""".split())

# --- currencies ---------------------------------------------------------------------------------

CURRENCIES = {"$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD",
              "£": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "p": "GBp",
              "pence": "GBp", "penny": "GBp",
              "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR",
              "¥": "JPY", "yen": "JPY", "yuan": "CNY", "rupees": "INR", "francs": "CHF"}

# --- speech, hedges, titles ---

# Speech verbs (a regex alternation): what makes a clause an attribution.
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|adding|explained|insisted|warned|stated|announced|declared|"
    "claimed|claims|confirmed|denied|admitted|noted|recalled|replied|wrote|writes|thanked|praised|urged|"
    "spoke|asked|acknowledged|argued|conceded|continued|estimated|predicted|promised|vowed|suggested|"
    "reported|revealed|tweeted|posted|commented|remarked|observed|complained|pledged|stressed|emphasised|"
    "emphasized|cautioned|called|described|saying|stating|insisting|noting|warning|explaining|according\\s+to|"
    "explains|notes|states|argues|insists|warns|reports|remarks|recounted|recounts|asserted|asserts|comments|"
    "indicated|telling|describing|recalling|arguing|asserting|cites|cited|"
    "put\\s+it(?=\\s+\\w+ly\\b|\\s*:)"
)

# Titles and roles written before a name (lower case), and those that give a gender.
TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend father sister brother president
    vice prime minister premier chancellor secretary mayor deputy governor gov senator sen rep representative
    congressman congresswoman councillor cllr judge justice king queen prince princess sheikh emir pope
    chief fire police detective det inspector insp superintendent supt sergeant sgt constable pc officer
    commander cdr captain capt lieutenant lt colonel col major maj general gen brigadier brig admiral adm
    marshal private pte corporal cpl ambassador spokesman spokeswoman spokesperson director chairman
    chairwoman ceo coach head leader commissioner attorney foreign defence defense interior health finance
    home state consul envoy diplomat""".split()
) | frozenset(  # jobs and relations written before a name ("Machinist Joanne Pike", "HIGHWAYS MANAGER LIAM FOSSE")
    """manager operator driver machinist engineer convenor organiser organizer steward worker teacher
    headteacher nurse doctor surgeon paramedic firefighter pilot farmer fisherman shopkeeper owner founder
    analyst economist lawyer barrister solicitor historian scientist researcher expert campaigner activist
    volunteer resident neighbour passenger witness student pupil vicar priest imam rabbi bishop archbishop
    coroner candidate boss executive editor author writer singer actor actress striker midfielder defender
    goalkeeper player chef landlord landlady tenant mother son daughter wife husband widow grandmother
    grandfather aunt uncle cousin colleague mp mep""".split()
)
FEMALE_TITLES = frozenset(
    """mrs ms miss dame lady queen princess sister spokeswoman chairwoman congresswoman actress landlady mother
    daughter wife widow grandmother aunt""".split()
)
MALE_TITLES = frozenset(
    "mr sir lord king prince father brother spokesman chairman congressman son husband grandfather uncle".split()
)

_I = re.IGNORECASE
_ADV = r"(?:(?:immediately|independently|yet|officially|fully)\s+)*"

# Hedge cues: (strength, pattern), lower is stronger (claims.py: verification, anonymity, reporting
# at a distance, hearsay).
HEDGE_CUES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"\b(?:could|can)\s*(?:not|n't)\s+{_ADV}be\s+{_ADV}(?:verified|confirmed|corroborated)\b", _I)),
    (1, re.compile(rf"\b(?:could|can)\s*(?:not|n't)\s+{_ADV}(?:verify|confirm|corroborate)\b", _I)),
    (1, re.compile(rf"\b(?:has|have|had)\s+not\s+been\s+able\s+to\s+{_ADV}(?:verify|confirm|corroborate)\b", _I)),
    (1, re.compile(rf"\b(?:was|were|is|are)\s+(?:not\s+able|unable)\s+to\s+{_ADV}(?:verify|confirm|corroborate)\b", _I)),
    (1, re.compile(rf"\b(?:has|have|had)\s+not\s+(?:yet\s+)?been\s+{_ADV}(?:verified|confirmed|corroborated)\b", _I)),
    (2, re.compile(r"\bon\s+(?:the\s+)?condition\s+of\s+anonymity\b", _I)),
    (
        2,
        re.compile(
            r"\b(?:according\s+to\s+(?:a|an|one|two|three|several)\s+(?:[\w-]+\s+){0,3}?)?"
            r"(?:who\s+)?(?:(?:asked|requested|wished)\s+not\s+to\s+be|(?:declined|refused)\s+to\s+be|"
            r"did\s+not\s+want\s+to\s+be|didn't\s+want\s+to\s+be)\s+(?:further\s+)?(?:named|identified)\b",
            _I,
        ),
    ),
    (
        2,
        re.compile(
            r"\b(?:people|persons?|sources?|officials?|executives?|bankers?|brokers?|insiders?|diplomats?)\s+"
            r"(?:(?:directly|closely)\s+)?(?:familiar|briefed)\s+(?:with|on)\b",
            _I,
        ),
    ),
    # the anonymous sources of the sentence before go on: "..., the same people said."
    (2, re.compile(r"\b(?:the\s+same|those|these)\s+(?:people|persons|sources?|officials?)\s+(?:said|say|added)\b", _I)),
    (2, re.compile(r"\bspeaking\s+anonymously\b|\bnot\s+authori[sz]ed\s+to\s+speak\b", _I)),
    (2, re.compile(r"\b(?:unnamed|anonymous)\s+(?:\w+\s+)?(?:sources?|officials?)\b", _I)),
    (2, re.compile(r"\baccording\s+to\s+(?:a|an|one|two|three|several|other)\s+(?:[a-z-]+\s+){0,3}?sources?\b")),
    (
        3,
        re.compile(
            r"\b(?:reportedly|allegedly|alleged|purportedly|purported|unconfirmed(?:\s+reports?)?|unverified|"
            r"unsubstantiated)\b",
            _I,
        ),
    ),
    (3, re.compile(r"\b(?:appear(?:s|ed)?|seem(?:s|ed)?|purport(?:s|ed)?)\s+to\s+show\b", _I)),  # footage
    (4, re.compile(r"\bit\s+(?:is|was)\s+(?:(?:also|widely|now|further)\s+)?(?:understood|believed|thought|rumou?red)\b", _I)),
    (
        4,
        re.compile(
            r"\b(?:is|are|was|were)\s+(?:understood|said|believed|thought|rumou?red)\s+to\b"
            r"(?!\s+(?:him|her|them|me|us|you)\b)",  # "was said to him" is no hedge
            _I,
        ),
    ),
    (4, re.compile(r"(?<=\w )understands\s+that\b")),  # "Channel 9 understands that"
    (4, re.compile(r"\brumou?rs?\b", _I)),
    (4, re.compile(r"\bclaim(?:s|ed)?\s+(?:that|to\s+(?:have|be))\b", _I)),
    (4, re.compile(r"\b(?:he|she|they)\s+claim(?:s|ed)\s*[.,]", _I)),
    (
        4,
        re.compile(
            r"\breports\s+(?:have\s+|had\s+)?emerged\b|\bthere\s+(?:are|were|have\s+been)\s+(?:unconfirmed\s+)?reports\b",
            _I,
        ),
    ),
)
# Words every cue contains: most sentences are dismissed with this one search.
# For each of HEDGE_CUES, words one of which its match contains (looked for in lower-cased text):
# a pattern runs only on a sentence that has one, and most sentences have none.
_VERIFY = ("verif", "confirm", "corroborat")
HEDGE_KEYS: tuple[tuple[str, ...], ...] = (
    _VERIFY, _VERIFY, _VERIFY, _VERIFY, _VERIFY,
    ("anonymity",),
    ("named", "identified"),
    ("familiar", "briefed"),
    tuple(f"{a} {b}" for a in ("same", "those", "these") for b in ("people", "person", "source", "official")),
    ("anonymously", "authori"),
    ("unnamed", "anonymous"),
    ("source",),
    ("reportedly", "alleged", "purport", "unconfirmed", "unverified", "unsubstantiated"),
    ("to show",),
    ("understood", "believed", "thought", "rumo"),
    ("understood", "said to", "said\n", "believed", "thought", "rumo"),
    ("understands",),
    ("rumo",),
    ("claim",),
    ("claim",),
    ("reports",),
)
assert len(HEDGE_KEYS) == len(HEDGE_CUES)
HEDGE_WORDS = frozenset(word for keys in HEDGE_KEYS for word in keys)


# Title abbreviations written before a name ("Sen. Maria Ortiz", "Lt. Col. Barry Johnson"): a full stop
# after one does not end a sentence when a name follows. Lower case; compared case-insensitively (the
# Multi-News copy is lower-cased: "spokesman lt. Greg bueno"). "Jr." is not here: it follows a name and
# often ends a sentence.
TITLE_ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof rev fr sen rep gov gen lt col maj capt cmdr cdr adm brig sgt cpl pvt pte det insp
    supt gov hon st messrs mssrs""".split()
)

# AP style party and state after a name: "Sen. Maria Ortiz, D-Ore., said", "Nancy Pelosi (D-Calif.)".
PARTY_STATE = r"[DRI]-[A-Z][A-Za-z.]{1,12}(?:\s?[A-Z][a-z.]{0,8})?"  # D-Ore., D-N.Y., R-S.D.

_first_names = None


def first_name_gender(name: str) -> str:
    """"m", "f" or "" for a person's name, from its first name (gender-guesser's lists; loaded on
    first use, about half a second): what "he"/"she" may stand for when the text gives no title."""
    global _first_names
    words = [w for w in name.split() if len(w) > 1 and not w.endswith(".")]
    if len(words) < 2:
        return ""  # a surname alone says nothing
    if _first_names is None:
        try:
            import gender_guesser.detector as detector
        except ImportError:  # pragma: no cover - an install without the optional list
            _first_names = False
        else:
            _first_names = detector.Detector(case_sensitive=False)
    if not _first_names:
        return ""
    found = _first_names.get_gender(words[0])
    return "m" if found in ("male", "mostly_male") else "f" if found in ("female", "mostly_female") else ""

# Heads of noun phrases that are never a speaker: figures and events ("Forty-one percent said",
# "the Goldman Sachs Symposium said").
NOT_SPEAKER_HEADS = frozenset(
    """percent percentage cent % symposium conference summit meeting ceremony festival forum hearing rally
    deterioration increase decrease rise fall drop""".split()
)

# --- time ---

# A lead that puts its event in an earlier year: "last summer", "three years ago", "three years after
# the fire", and years ("in 2019", "the 2022 fire"); relatedness.py turns each into a year from the
# article's date. "since 2019" is a point of comparison, not the event's time.
YEARS_BACK = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
PAST_EVENT = re.compile(
    r"\blast\s+(?:year|summer|winter|spring|autumn|fall)\b"
    r"|\b(?P<count>\d{1,2}|" + "|".join(YEARS_BACK) + r")\s+years?\s+(?:ago|earlier|before|after)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<!since )(?<!since the )\b(?:19[5-9]\d|20\d\d)\b(?![-–/]\d)")
