"""The English lexicon: word lists the analysis stages share (one home per list)."""

from __future__ import annotations

import re

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


def may_hedge(text: str) -> bool:
    """False when a sentence holds none of the words a hedge cue needs (``HEDGE_KEYS``)."""
    low = text.lower()
    return any(word in low for word in HEDGE_WORDS)


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
