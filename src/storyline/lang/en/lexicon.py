"""The English lexicon: word lists the analysis stages share (one home per list)."""

from __future__ import annotations

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
