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
