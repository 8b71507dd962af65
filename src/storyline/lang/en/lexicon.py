"""The English words the analysers share: one home for each list.

Sections are kept apart so each analyser's words stay easy to find: calendar (months, weekdays),
numbers, counted things and events, currencies. Quotes add speech verbs, hedges and titles in their
own section.
"""

from __future__ import annotations

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
               "bodies": "killed", "victims": "killed", "fatalities": "killed", "arrests": "arrested",
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
