"""Page furniture: what a scraper picks up when it misses the article, or around it.

A feed built by scraping carries pages that are not articles at all (a Twitter embed prompt, a
"JavaScript is disabled" notice, a video player's error, a web archive's description of its crawl)
and articles wrapped in furniture (newsletter and comment prompts, consent notices). Furniture pages
are textually identical whatever story they were meant to carry, so a text clusterer would gather
hundreds of them, from as many stories, into one "story". They are removed before an article is
weighed; an article with no words left is not an article (the caller skips it with a warning).

The phrases were collected from the sentences most repeated across different stories in the tuning
half of the Multi-News validation set (benchmarks/stories.py, docs/stories.md), kept only when they are
generic web furniture (any scraper meets them), never story text. Each is matched case-insensitively
at a sentence start and removed up to the end of its sentence, or, where furniture runs straight into
the article (``media playback is unsupported on your device``), only the phrase itself.
"""

from __future__ import annotations

import re

# Whole sentences: the phrase and the rest of its sentence are furniture.
_SENTENCES = r"""
    tweet\ with\ a\ location | add\ (a\ )?location\ (information\ )?to\ your\ tweets |
    you\ always\ have\ the\ option\ to\ delete\ your\ tweet | you\ can\ switch\ location\ on/off |
    add\ this\ tweet\ to\ your\ website | would\ you\ like\ to\ proceed\ to\ legacy\ twitter |
    learn\ more\ *$ |
    (these|focused)\ crawls\ (are|of) | crawls\ of\ supported | crawl\ of\ outlinks | web\ wide\ crawl |
    the\ seed\ (list\ )?for\ \S+\ (crawl\ )?was | the\ seed\ for\ this\ crawl |
    starting\ in\ 1996,\ alexa\ internet | flowing\ in\ every\ day,\ these\ data |
    that\ way,\ as\ the\ pages\ that\ are\ referenced | then\ the\ internet\ archive\ hopes |
    the\ goal\ is\ to\ fix\ all\ broken\ links | archive-it\ partner | this\ is\ a\ set\ of\ web\ collections |
    these\ files\ are\ currently\ not\ publicly\ accessible | properties\ of\ this\ collection |
    turned\ off\ duplicate\ detection | we\ used\ heritrix | the\ scope\ of\ the\ crawl |
    this\ collection\ will\ be\ complete |
    please\ enable\ javascript | we'?\ ?ve\ detected\ that\ javascript\ is\ disabled | media\ requires\ javascript |
    the\ interactive\ transcript\ could\ not\ be\ loaded | rating\ is\ available\ when\ the\ video |
    this\ feature\ is\ not\ available\ right\ now | please\ try\ again\ later | this\ video\ is\ (no\ longer\ )?(un)?available |
    please\ enable\ cookies | by\ clicking\ "?\ ?i\ agree |
    breaking\ news\ emails\ get\ breaking\ news\ alerts | the\ news\ and\ stories\ that\ matter,\ delivered |
    get\ push\ notifications | get\ daily\ updates\ directly | subscribe\ to\ our\ (free\ )?newsletters? |
    sign\ up\ thank\ you | sign\ me\ up | sign\ up\ to\ receive\ our | see\ more\ of\ .{1,40}\ on\ facebook | you\ must\ select\ a\ newsletter | invalid\ email\ address |
    please\ check\ your\ email\ and\ click | we\ have\ sent\ you\ a\ verification\ email |
    if\ you\ do\ not\ receive\ the\ verification | your\ notification\ has\ been\ saved |
    there\ was\ a\ problem\ saving\ your\ notification | email\ notifications\ are\ only\ sent |
    already\ have\ an\ account | notice\ you\ must\ log\ in | you\ must\ log\ in\ to |
    this\ will\ (not\ )?appear\ (next\ to\ all\ of\ your\ comments|anywhere) |
    get\ digital\ access | and\ with\ a\ digital\ subscription | sorry,\ this\ zip\ ?code | re-enter\ zip\ code |
    looking\ for\ news\ you\ can\ trust | dow\ jones\ reprints | to\ order\ presentation-ready\ copies |
    close\ skip\ in\ skip\ x\ embed | all\ rights\ reserved | add\ as\ an\ interest\ to\ stay\ up\ to |
    be\ the\ first\ to\ know | just\ one\ more\ thing
"""
# Phrases only: the article text goes on in the same "sentence".
_PHRASES = r"""
    media\ playback\ is\ unsupported\ on\ your\ device(\ media\ caption)? |
    advertisement\ continue\ reading\ the\ main\ story | continue\ reading\ the\ main\ story |
    image\ copyright\ \S+(\ \S+)?\ image\ caption
"""
_START = r"(?:^|(?<=[.!?])\s*|(?<=[.!?][\"'”’])\s*|\n\s*)"
_FURNITURE = re.compile(
    rf"{_START}(?:(?:{_SENTENCES})[^.!?\n]*[.!?]*|(?:{_PHRASES}))", re.IGNORECASE | re.VERBOSE | re.MULTILINE
)


def strip_furniture(text: str) -> str:
    """``text`` without furniture sentences and phrases (unchanged when there are none)."""
    return _FURNITURE.sub(" ", text)
