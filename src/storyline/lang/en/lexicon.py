"""The English lexicon: word lists the analysis stages share (one home per list)."""

from __future__ import annotations

# --- speech, hedges, titles ---

# Title abbreviations written before a name ("Sen. Maria Ortiz", "Lt. Col. Barry Johnson"): a full stop
# after one does not end a sentence when a name follows. Lower case; compared case-insensitively (the
# Multi-News copy is lower-cased: "spokesman lt. Greg bueno"). "Jr." is not here: it follows a name and
# often ends a sentence.
TITLE_ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof rev fr sen rep gov gen lt col maj capt cmdr cdr adm brig sgt cpl pvt pte det insp
    supt gov hon st messrs mssrs""".split()
)

# AP style party and state after a name: "Sen. Maria Ortiz, D-Ore., said", "Nancy Pelosi (D-Calif.)".
PARTY_STATE = r"[DRI]-[A-Z][A-Za-z]{1,12}\.?(?:\s?[A-Z][a-z]{0,8}\.?)?"

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
